"""The editor's-loop targets of issue 29, checked by the benchmarks (never by a timed test).

Each benchmark collects ``Target`` rows for what it measured and calls :func:`verdict`:
it prints a table (measure, value, limit, met?) and, with ``--check``, ends with exit
status 1 if one is missed, so a pipeline or a person sees it without reading figures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    measure: str
    value: float
    limit: float  # the value must be at most this
    unit: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.limit


def verdict(targets: list[Target], check: bool) -> None:
    if not targets:
        return
    print("\n| target (issue 29) | measured | limit | met? |\n|---|---:|---:|---|")
    for target in targets:
        print(f"| {target.measure} | {target.value:.2f}{target.unit} | ≤ {target.limit:g}{target.unit} "
              f"| {'yes' if target.met else '**no**'} |")
    missed = [target.measure for target in targets if not target.met]
    if check and missed:
        raise SystemExit(f"targets missed: {', '.join(missed)}")
