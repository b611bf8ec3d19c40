"""verksam rollup --rebuild [--verify]: recompute every stored status by the roll-up rule."""

from django.core.management.base import BaseCommand, CommandError

from verksam.followup.stored import rollup_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the stored status of every item in every round by the roll-up rule "
        "(--rebuild); with --verify, change nothing and list every stored row that differs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="recompute every row")
        parser.add_argument(
            "--verify", action="store_true", help="only compare, and list each row that differs"
        )

    def handle(self, *args, rebuild: bool, verify: bool, **options) -> None:
        if not (rebuild or verify):
            raise CommandError("Say --rebuild, --verify or both.")
        if verify:
            differences = rollup_rebuild(verify=True)
            for line in differences:
                self.stdout.write(line)
            self.stdout.write(f"{len(differences)} differences from the rule")
            if differences and not rebuild:
                raise CommandError(f"{len(differences)} stored statuses differ from the rule.")
        if rebuild:
            changed = rollup_rebuild()
            self.stdout.write(f"rebuilt: {len(changed)} rows written or removed")
            if verify:
                left = rollup_rebuild(verify=True)
                for line in left:
                    self.stdout.write(line)
                self.stdout.write(f"after the rebuild: {len(left)} differences from the rule")
                if left:
                    raise CommandError(f"{len(left)} stored statuses still differ from the rule.")
