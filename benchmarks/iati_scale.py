"""Reading and writing IATI XML against reading the same model as YAML, on large models.

The baseline is `toc.load.read_text` of the YAML of exactly the model the IATI file holds (its
results and KPIs with every value), measured in the same run; the ratios say what the XML layer
(safe parsing, positions, mapping) and the writer (which reads its own file back to say what it
could not carry) cost on top. Run: `.venv/bin/python -m benchmarks.iati_scale`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from benchmarks.generate import model_yaml
from toc.dump import dumps
from toc.io.iati import read_iati_bytes, to_iati
from toc.load import loads, read_text

SIZES = (200, 1000, 4000)
RUNS = 5


def _median(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    for size in SIZES:
        xml, _ = to_iati(loads(model_yaml(size)))
        data = xml.encode("utf-8")
        carried = read_iati_bytes(data, name="big.xml").model
        assert carried is not None
        yaml_text = dumps(carried)
        yaml_time = _median(lambda: read_text(yaml_text, name="big.yaml"))  # noqa: B023  # measured now
        xml_time = _median(lambda: read_iati_bytes(data, name="big.xml"))  # noqa: B023
        write_time = _median(lambda: to_iati(carried))  # noqa: B023
        print(
            f"{size:>5} elements ({len(carried.kpis)} KPIs, {len(data) / 1024:.0f} KiB XML): "
            f"YAML read {yaml_time * 1000:7.1f} ms, IATI read {xml_time * 1000:7.1f} ms "
            f"(ratio {xml_time / yaml_time:.2f}), IATI write {write_time * 1000:7.1f} ms "
            f"(ratio {write_time / yaml_time:.2f})"
        )


if __name__ == "__main__":
    main()
