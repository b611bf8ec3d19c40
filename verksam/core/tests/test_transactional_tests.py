"""Every transactional test restores the database by serialization.

A transactional test without `serialized_rollback` empties the tables after it and
lets `migrate`'s signals fill the content types again with new ids; the next test
that restores the serialized database then meets them twice and fails at set-up.
Which test fails depends on the order, so the rule is checked here for all of them.
"""

import re
from pathlib import Path

from django.conf import settings

MARK = re.compile(r"django_db\(([^)]*)\)")


def test_it_finds_no_transactional_test_without_serialized_rollback():
    offenders = []
    for path in sorted(Path(settings.BASE_DIR).rglob("test_*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for arguments in MARK.findall(line):
                if "transaction=True" in arguments and "serialized_rollback=True" not in arguments:
                    offenders.append(f"{path.name}:{number}")
    assert offenders == []
