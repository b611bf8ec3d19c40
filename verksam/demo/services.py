"""Loading the demo: the seed organisations, their steering documents and demo accounts.

`demo_load` is what `verksam demo` runs. It reads the data in
verksam.demo.seeds and writes plans, sections, items and links through the
services of verksam.plans, so the change log records the demo like any other
work. Organisations and memberships are written with the ORM.

Loading is idempotent: every object is looked up by its natural key first and
only what is missing is created.

- An organisation is identified by its name and parent.
- A user by the username; an existing user keeps the password it has.
- A membership by user and organisation.
- A plan by its title and organisation. A plan that exists is left exactly as
  it is (it may have been adopted, edited or revised since); only its items
  are looked up, by title under the same parent, so that a plan created now
  can link to them.
- A seed plan carried on to the present (verksam.demo.seeds.CARRIED_ON) is
  identified by its title for the period, e.g. "Verksamhetsplan 2026", and
  its organisation. Loading looks at today's year (`today`, the local date
  unless given) and makes sure each carried-on seed has a plan for this year
  and the two before, and that each has its follow-up rounds for those years.
  Rounds of a carried-on plan whose year is over are closed. So a demo loaded
  last year and loaded again this year gains this year's plan and rounds and
  closes last year's; its older plans stay as they were, as a real
  organisation's would.
- The follow-up of an adopted plan (verksam.demo.followup_seeds: rounds,
  assessments, the indicators on its items and their targets) is created
  only when the plan has no rounds yet; a plan with rounds keeps its
  follow-up as it is. Indicators are identified by their key, measurements by
  indicator, organisation and period.

Everything runs in one transaction, so a failed load leaves nothing behind.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.demo.followup_loader import demo_followup_load, this_years_followup_load
from verksam.demo.followup_seeds import (
    FOLLOW_UP_SEEDS,
    FollowUpSeed,
    FollowUpSeeds,
)
from verksam.demo.report import DemoAccount, DemoDataError, DemoReport
from verksam.demo.seeds import (
    CARRIED_ON_NOTE,
    DEMO_PASSWORD,
    SEEDS,
    SUPERUSER_USERNAME,
    ItemSeed,
    OrganisationSeed,
    PlanSeed,
    Seeds,
    UserSeed,
)
from verksam.followup.models import FollowUpRound
from verksam.followup.services import (
    round_close,
    rounds_create_from_rhythm,
)
from verksam.organisations.choices import Role
from verksam.organisations.models import Membership, Organisation
from verksam.plans.choices import PlanStatus
from verksam.plans.models import Item, Plan, Tag
from verksam.plans.services import (
    contribution_add,
    item_create,
    period_title,
    plan_adopt,
    plan_create,
    plan_sections_save,
    plan_set_published,
)


@transaction.atomic
def demo_load(
    *,
    seeds: Seeds = SEEDS,
    followup: FollowUpSeeds = FOLLOW_UP_SEEDS,
    today: datetime.date | None = None,
) -> DemoReport:
    """Load the seed organisations, demo accounts and plans and the plans' follow-up,
    and carry the seed plans on to `today`'s year; create only what is missing."""
    return _DemoLoader(seeds, followup, today or timezone.localdate()).load()


class _DemoLoader:
    def __init__(self, seeds: Seeds, followup: FollowUpSeeds, today: datetime.date) -> None:
        self.seeds = seeds
        self.followup = followup
        self.today = today
        #: The carried-on plans by seed key and first year, and their keyed items by plan id.
        self.carried: dict[tuple[str, int], Plan] = {}
        self.carried_items: dict[int, dict[str, Item]] = {}
        self.report = DemoReport()
        self.organisations: dict[str, Organisation] = {}
        self.created_organisations: set[str] = set()
        self.users: dict[str, object] = {}
        self.plans: dict[str, Plan] = {}
        self.items: dict[str, Item] = {}
        self.tags: dict[str, Tag] = {}
        self.priority_group_tags: dict[str, Tag] = {}

    def load(self) -> DemoReport:
        positions: dict[str | None, int] = {}
        for seed in self.seeds.organisations:
            position = positions.get(seed.parent, 0)
            positions[seed.parent] = position + 1
            self._organisation(seed, position)
        self._superuser()
        for seed in self.seeds.users:
            self._user(seed)
        for seed in self.seeds.organisations:
            if seed.leader and seed.key in self.created_organisations:
                self._leader(seed)
        self._tags()
        for seed in self.seeds.plans:
            self._plan(seed)
        demo_followup_load(
            plans=self.plans,
            organisations=self.organisations,
            users=self.users,
            report=self.report,
            seeds=self.followup,
        )
        self._carry_on()
        return self.report

    # Organisations and people

    def _organisation(self, seed: OrganisationSeed, position: int) -> None:
        parent = self.organisations[seed.parent] if seed.parent else None
        organisation = Organisation.objects.filter(name=seed.name, parent=parent).first()
        if organisation is None:
            organisation = Organisation(
                name=seed.name,
                short_name=seed.short_name,
                kind=seed.kind,
                parent=parent,
                position=position,
                description=seed.description,
                municipality_code=seed.municipality_code,
                county_code=seed.county_code,
            )
            organisation.full_clean()
            organisation.save()
            self.created_organisations.add(seed.key)
            self.report.organisations_created += 1
        else:
            self.report.organisations_found += 1
        self.organisations[seed.key] = organisation

    def _superuser(self) -> None:
        user_model = get_user_model()
        user = user_model.objects.filter(username=SUPERUSER_USERNAME).first()
        created = user is None
        if created:
            user = user_model.objects.create_superuser(
                username=SUPERUSER_USERNAME,
                email=f"{SUPERUSER_USERNAME}@example.org",
                password=DEMO_PASSWORD,
                first_name="Demo",
                last_name="Administratör",
            )
        self.users[SUPERUSER_USERNAME] = user
        self.report.accounts.append(
            DemoAccount(
                username=SUPERUSER_USERNAME,
                role=_("superuser"),
                organisation=_("all organisations"),
                password=DEMO_PASSWORD,
                created=created,
            )
        )

    def _user(self, seed: UserSeed) -> None:
        user_model = get_user_model()
        organisation = self.organisations[seed.organisation]
        user = user_model.objects.filter(username=seed.username).first()
        created = user is None
        if created:
            user = user_model.objects.create_user(
                username=seed.username,
                email=seed.email,
                password=DEMO_PASSWORD,
                first_name=seed.first_name,
                last_name=seed.last_name,
            )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": seed.role}
        )
        self.users[seed.username] = user
        self.report.accounts.append(
            DemoAccount(
                username=seed.username,
                role=str(Role(seed.role).label),
                organisation=organisation.name,
                password=DEMO_PASSWORD,
                created=created,
            )
        )

    def _leader(self, seed: OrganisationSeed) -> None:
        organisation = self.organisations[seed.key]
        organisation.leader = self.users[seed.leader]
        organisation.leader_title = seed.leader_title
        organisation.full_clean()
        organisation.save()

    def _tags(self) -> None:
        names: set[str] = set()
        groups: set[str] = set()
        for plan in self.seeds.plans:
            for item in _walk(plan.items):
                names.update(item.tags)
                groups.update(item.priority_groups)
        for name in sorted(names):
            self.tags[name], _created = Tag.objects.get_or_create(name=name)
        for group in sorted(groups):
            tag = Tag.objects.filter(priority_group=group).first()
            if tag is None:
                raise DemoDataError(
                    _(
                        "The tag of the Library Act's priority group %(group)s is missing. "
                        "Run the migrations (manage.py migrate) first."
                    )
                    % {"group": group}
                )
            self.priority_group_tags[group] = tag

    # Plans

    def _plan(self, seed: PlanSeed) -> None:
        if seed.publish and seed.decision is None:
            raise DemoDataError(
                _("The demo plan %(title)s is published but never adopted.") % {"title": seed.title}
            )
        organisation = self.organisations[seed.organisation]
        plan = (
            Plan.objects.filter(organisation=organisation, title=seed.title).order_by("pk").first()
        )
        if plan is not None:
            self.plans[seed.key] = plan
            self._find_items(plan, seed.items)
            self.report.plans_found.append(seed.title)
            return

        author = self.users[seed.author]
        plan = plan_create(
            user=author,
            organisation=organisation,
            kind=seed.kind,
            title=seed.title,
            period_start=seed.period_start,
            period_end=seed.period_end,
            level_names=list(seed.level_names),
            summary=seed.summary,
            derived_from=[self.plans[key] for key in seed.derived_from],
        )
        self.plans[seed.key] = plan
        if seed.sections:
            plan_sections_save(
                user=author,
                plan=plan,
                sections=[
                    {"kind": section.kind, "title": section.title, "body": section.body}
                    for section in seed.sections
                ],
            )
        # Items first, links next, the decision last: an adopted plan no longer changes.
        links: list[tuple[Item, str]] = []
        self._create_items(plan, seed.items, parent=None, author=author, links=links)
        for source, key in links:
            target = self.items.get(key)
            if target is None:
                self.report.warnings.append(
                    _("%(item)s could not be linked: the item it contributes to was not found.")
                    % {"item": source.title}
                )
                continue
            contribution_add(user=author, source=source, target=target)
        if seed.decision is not None:
            plan_adopt(
                user=author,
                plan=plan,
                body=seed.decision.body,
                decided_on=seed.decision.decided_on,
                case_number=seed.decision.case_number,
                note=seed.decision.note,
                today=max(self.today, seed.decision.decided_on),
            )
            if seed.publish:
                plan_set_published(user=author, plan=plan, is_published=True)
        self.report.plans_created.append(seed.title)

    def _create_items(
        self,
        plan: Plan,
        seeds: Iterable[ItemSeed],
        *,
        parent: Item | None,
        author,
        links: list[tuple[Item, str]],
        keyed: dict[str, Item] | None = None,
    ) -> None:
        keyed = self.items if keyed is None else keyed
        for seed in seeds:
            item = item_create(
                user=author,
                plan=plan,
                title=seed.title,
                parent=parent,
                description=seed.description,
                responsible_organisation=(
                    self.organisations[seed.responsible] if seed.responsible else None
                ),
                responsible_people=[self.users[name] for name in seed.responsible_people],
                tags=[self.tags[name] for name in seed.tags]
                + [self.priority_group_tags[group] for group in seed.priority_groups],
            )
            if seed.key:
                keyed[seed.key] = item
            links.extend((item, key) for key in seed.contributes_to)
            self._create_items(
                plan, seed.children, parent=item, author=author, links=links, keyed=keyed
            )

    def _find_items(
        self, plan: Plan, seeds: Iterable[ItemSeed], keyed: dict[str, Item] | None = None
    ) -> None:
        """Look up the keyed items of a plan that is already there, for links to them."""
        keyed = self.items if keyed is None else keyed
        by_place: dict[tuple[int | None, str], Item] = {}
        for item in plan.items.order_by("depth", "position", "pk"):
            by_place.setdefault((item.parent_id, item.title), item)

        def find(seeds: Iterable[ItemSeed], parent_id: int | None) -> None:
            for seed in seeds:
                item = by_place.get((parent_id, seed.title))
                if item is None:
                    continue
                if seed.key:
                    keyed[seed.key] = item
                find(seed.children, item.pk)

        find(seeds, None)

    # Seed plans carried on to the present

    def _carry_on(self) -> None:
        self.seed_plans = {seed.key: seed for seed in self.seeds.plans}
        self.plan_of_item = {
            item.key: seed.key
            for seed in self.seeds.plans
            for item in _walk(seed.items)
            if item.key
        }
        followup = {seed.plan: seed for seed in self.followup.plans}
        year = self.today.year
        for seed in self.seeds.plans:
            if seed.key not in self.seeds.carried_on or seed.key not in self.plans:
                continue
            years = (year - 2, year - 1, year) if seed.decision is not None else (year,)
            for plan_year in years:
                plan = self._plan_in(seed.key, plan_year)
                if plan.status == PlanStatus.ADOPTED and seed.key in followup:
                    self._carried_rounds(
                        followup[seed.key], plan, plan_year, carried=plan != self.plans[seed.key]
                    )

    def _plan_in(self, key: str, year: int) -> Plan:
        """The plan of the seed `key` whose period holds `year`: the seed plan itself, a
        plan carried on earlier, or a new one. Seeds that are not carried on answer
        their own plan."""
        seed = self.seed_plans[key]
        if key not in self.seeds.carried_on:
            return self.plans[key]
        start, end = _carried_period(seed, year)
        offset = start.year - seed.period_start.year
        if offset == 0:
            return self.plans[key]
        if (key, start.year) in self.carried:
            return self.carried[(key, start.year)]
        organisation = self.organisations[seed.organisation]
        title = period_title(
            seed.title,
            old=(seed.period_start.year, seed.period_end.year),
            new=(start.year, end.year),
        )
        keyed: dict[str, Item] = {}
        plan = Plan.objects.filter(organisation=organisation, title=title).order_by("pk").first()
        if plan is not None:
            self.carried[(key, start.year)] = plan
            self.carried_items[plan.pk] = keyed
            self._find_items(plan, seed.items, keyed)
            self.report.plans_found.append(title)
            return plan
        author = self.users[seed.author]
        note = CARRIED_ON_NOTE.format(
            title=seed.title, period=_years_label(seed.period_start, seed.period_end)
        )
        plan = plan_create(
            user=author,
            organisation=organisation,
            kind=seed.kind,
            title=title,
            period_start=start,
            period_end=end,
            level_names=list(seed.level_names),
            summary=f"{note} {seed.summary}".strip(),
            derived_from=[self._plan_in(other, start.year) for other in seed.derived_from],
        )
        self.carried[(key, start.year)] = plan
        self.carried_items[plan.pk] = keyed
        if seed.sections:
            plan_sections_save(
                user=author,
                plan=plan,
                sections=[
                    {"kind": section.kind, "title": section.title, "body": section.body}
                    for section in seed.sections
                ],
            )
        links: list[tuple[Item, str]] = []
        self._create_items(plan, seed.items, parent=None, author=author, links=links, keyed=keyed)
        for source, target_key in links:
            target = self._carried_item(target_key, start.year)
            if target is not None:
                contribution_add(user=author, source=source, target=target)
        if seed.decision is not None:
            decided_on = _shift_years(seed.decision.decided_on, offset)
            plan_adopt(
                user=author,
                plan=plan,
                body=seed.decision.body,
                decided_on=decided_on,
                case_number=seed.decision.case_number.replace(
                    str(seed.decision.decided_on.year), str(decided_on.year)
                ),
                note=seed.decision.note,
                today=max(self.today, decided_on),
            )
            if seed.publish:
                plan_set_published(user=author, plan=plan, is_published=True)
        self.report.plans_created.append(title)
        return plan

    def _carried_item(self, key: str, year: int) -> Item | None:
        """The item with this seed key in the plan of its seed that holds `year`."""
        plan_key = self.plan_of_item.get(key)
        if plan_key is None or plan_key not in self.plans:
            return None
        plan = self._plan_in(plan_key, year)
        if plan == self.plans[plan_key]:
            return self.items.get(key)
        return self.carried_items.get(plan.pk, {}).get(key)

    def _carried_rounds(self, seed: FollowUpSeed, plan: Plan, year: int, *, carried: bool) -> None:
        """Give the plan its rounds for `year`; close those of a carried-on plan once the
        year is over. A seed plan's own rounds stay as its follow-up seeds left them."""
        reviewer = self.users[seed.reviewer]
        if (
            carried
            and seed.activity_from_level is not None
            and plan.activity_from_level is None
            and not plan.rounds.exists()
        ):
            # As for the seed plans: a follow-up setting the seeds decide, set before any round.
            Plan.objects.filter(pk=plan.pk).update(activity_from_level=seed.activity_from_level)
            plan.activity_from_level = seed.activity_from_level
        if not plan.rounds.filter(period_start__year=year).exists():
            rounds = rounds_create_from_rhythm(
                user=reviewer, plan=plan, rhythm=seed.rhythm, years=[year]
            )
            self.report.rounds_created += len(rounds)
            if carried and year == self.today.year:
                self._this_years_assessments(seed, plan, rounds)
        if carried and year < self.today.year:
            for followup_round in plan.rounds.filter(period_start__year=year, is_closed=False):
                round_close(user=reviewer, followup_round=followup_round)

    def _this_years_assessments(
        self, seed: FollowUpSeed, plan: Plan, rounds: list[FollowUpRound]
    ) -> None:
        """Write this year's follow-up into the year-end round just made."""
        this_years_followup_load(
            seed=seed,
            plan=plan,
            rounds=rounds,
            users=self.users,
            report=self.report,
            seeds=self.followup,
        )


def _carried_period(seed: PlanSeed, year: int) -> tuple[datetime.date, datetime.date]:
    """The period that holds `year` when the seed's period is repeated back to back."""
    length = seed.period_end.year - seed.period_start.year + 1
    offset = (year - seed.period_start.year) // length * length
    return _shift_years(seed.period_start, offset), _shift_years(seed.period_end, offset)


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _years_label(start: datetime.date, end: datetime.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _walk(seeds: Iterable[ItemSeed]) -> Iterable[ItemSeed]:
    for seed in seeds:
        yield seed
        yield from _walk(seed.children)
