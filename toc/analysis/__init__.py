"""Analyses of a theory of change and its data, one module per concern, on top of graph and rules.

`toc.analysis.progress`: each KPI's progress towards its targets from its actuals, and the roll-up
to the elements the KPIs measure.
"""
