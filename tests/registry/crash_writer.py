"""A writer process for the crash test: writes until killed, reporting each commit.

Usage: python crash_writer.py PROFILE_DIR HEX_KEY RUN
Prints ``READY`` once open, then one line per committed write:
``COMMIT <entity id> <change id>,<change id>,...``.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from registry.profile import Profile
from registry.store import Create, Update


def main() -> None:
    folder, key, run = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    store = Profile(folder, today=lambda: date(2026, 11, 22)).open_with_key(key, user="crash")
    print("READY", flush=True)
    rng = random.Random(run)
    people: list[str] = []
    for n in range(100_000):
        if people and rng.random() < 0.4:
            target = rng.choice(people)
            changes = store.write([Update(target, {"monthly_income": n, "note": f"r{run}n{n}"})])
        else:
            changes = store.write([Create("person", {"name": f"测试{run}-{n}", "relation": "之子",
                                                     "household_id": f"hh{run}", "skill": "焊工"})])
            people.extend(changes.created)
        eid = (changes.created or changes.updated)[0]
        print("COMMIT", eid, ",".join(changes.change_ids), flush=True)


if __name__ == "__main__":
    main()
