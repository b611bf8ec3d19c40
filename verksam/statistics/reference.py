"""SKR's municipality groups, shipped as reference data in ``data/skr-groups.json``.

Loaded by migration 0002 and again by `verksam statistics groups` after the file
has been updated; loading twice changes nothing.
"""

import json
from pathlib import Path

SKR_GROUPS_FILE = Path(__file__).resolve().parent / "data" / "skr-groups.json"


def skr_groups_load(peer_group_model) -> int:
    """Create or update SKR's groups from the file; returns how many there are.

    Takes the model as an argument so the migration can pass its historical one.
    """
    data = json.loads(SKR_GROUPS_FILE.read_text(encoding="utf-8"))
    for group in data["groups"]:
        peer_group_model.objects.update_or_create(
            kind="skr",
            code=group["code"],
            organisation=None,
            defaults={
                "name": group["name"],
                "members": sorted(group["members"]),
                "description": data["source"],
            },
        )
    return len(data["groups"])
