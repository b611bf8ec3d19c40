"""`verksam generate`: fill an empty database with a synthetic county or the whole country.

    verksam generate --scale county --seed 1
    verksam generate --scale national --seed 1

The data set (verksam.demo.generate) is the same for the same scale and seed.
Its users have no usable password; set one with `verksam changepassword` to
log in as one of them. It refuses a database that already has organisations.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from verksam.demo.generate import SCALES, GenerateError, generate_dataset


class Command(BaseCommand):
    """Generate the synthetic data set and print the time it took and the rows written."""

    help = (
        "Fill an empty database with a synthetic data set for benchmarks: one county or all "
        "of Sweden, with plans, ten years of follow-up and measurements, and users. The same "
        "seed gives the same data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            required=True,
            help=_("How much to generate: %(scales)s.") % {"scales": ", ".join(SCALES)},
        )
        parser.add_argument(
            "--seed",
            default="1",
            help=_("A whole number that decides the data; the same seed gives the same data."),
        )

    def handle(self, *args, scale: str, seed: str, **options) -> None:
        if scale not in SCALES:
            raise CommandError(
                _("Unknown scale %(scale)s; choose one of: %(scales)s.")
                % {"scale": scale, "scales": ", ".join(SCALES)}
            )
        try:
            seed_number = int(seed)
        except ValueError:
            seed_number = -1
        if seed_number < 0:
            raise CommandError(
                _("The seed must be a whole number, 0 or more, not %(seed)s.") % {"seed": seed}
            )
        verbose = options["verbosity"] > 0
        started = time.perf_counter()
        try:
            report = generate_dataset(
                SCALES[scale],
                seed_number,
                progress=self._progress(started) if verbose else None,
            )
        except GenerateError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Generated the %(scale)s data set with seed %(seed)d in %(seconds).1f seconds.")
            % {"scale": scale, "seed": seed_number, "seconds": report.seconds}
        )
        width = max(len(label) for label in report.rows)
        for label, count in report.rows.items():
            self.stdout.write(f"  {label:<{width}}  {count:>9}")
        self.stdout.write(f"  {_('Total'):<{width}}  {sum(report.rows.values()):>9}")

    def _progress(self, started: float):
        def write(message: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {message}")
            self.stdout.flush()

        return write
