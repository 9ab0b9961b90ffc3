"""Take-home pay from a monthly gross salary: BPJS, PPh 21 under TER, THR, the December true-up.

Every rate, cap and bracket lives in `rates/payroll_id.toml` with the regulation it comes from;
this module holds only the rules of computation (PMK 168/2023 for PPh 21, Permenaker 6/2016
for THR), in integer rupiah. It estimates for a permanent employee paid the same monthly wage
all year; what the estimate leaves out is said where it is shown (bot/coach/offers.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

BASIS = 10_000  # basis points in one
MONTHS = 12
# A monthly gross beyond this is a typing slip, not an offer: refused rather than estimated.
MAX_MONTHLY_GROSS = 10_000_000_000


@dataclass(frozen=True)
class PtkpStatus:
    """Marital status and dependants on 1 January, which set the PTKP and the TER category."""

    married: bool
    dependants: int = 0

    def __post_init__(self) -> None:
        if self.dependants < 0:
            raise ValueError("dependants cannot be negative")

    @property
    def code(self) -> str:
        """The status as DJP writes it: "TK/0", "K/2" (at most three dependants count)."""
        return f"{'K' if self.married else 'TK'}/{min(self.dependants, 3)}"

    @classmethod
    def parse(cls, text: str) -> PtkpStatus:
        """Reads "TK/0", "k1", "K 3", "tk-2"; raises ValueError otherwise."""
        match = re.fullmatch(r"\s*(tk|k)\s*[/\-\s]?\s*([0-9])\s*", text, re.IGNORECASE)
        if match is None:
            raise ValueError(f"not a PTKP status: {text!r}")
        return cls(married=match.group(1).lower() == "k", dependants=int(match.group(2)))


@dataclass(frozen=True)
class Bracket:
    upto: int | None  # inclusive upper bound; None for the open top bracket
    rate_bp: int


@dataclass(frozen=True)
class Program:
    """One BPJS programme: shares in basis points of the wage, capped, and its tax treatment."""

    name: str
    employee_bp: int
    employer_bp: int
    caps: tuple[tuple[date, int], ...]  # (in force from, wage cap); empty when uncapped
    employer_share_is_income: bool
    employee_share_deductible: bool

    def base(self, wage: int, on: date) -> int:
        """The wage the contribution is computed on: capped by the cap in force on `on`."""
        cap = None
        for start, value in self.caps:
            # Before the first known cap, the first one is the best estimate there is.
            if cap is None or start <= on:
                cap = value
        return wage if cap is None else min(wage, cap)


@dataclass(frozen=True)
class PayrollRules:
    ptkp_self: int
    ptkp_married: int
    ptkp_per_dependant: int
    ptkp_max_dependants: int
    biaya_jabatan_bp: int
    biaya_jabatan_max_year: int
    pkp_rounding: int
    pasal17: tuple[Bracket, ...]
    ter_category_of: Mapping[str, str]
    ter_tables: Mapping[str, tuple[Bracket, ...]]
    programs: tuple[Program, ...]
    thr_min_months: int
    thr_full_after_months: int

    def program(self, name: str) -> Program:
        for program in self.programs:
            if program.name == name:
                return program
        raise KeyError(name)


def _brackets(rows: Sequence[Mapping[str, Any]]) -> tuple[Bracket, ...]:
    brackets = tuple(Bracket(row.get("upto"), int(row["rate_bp"])) for row in rows)
    *closed, top = brackets
    bounds = [bracket.upto for bracket in closed if bracket.upto is not None]
    rising = all(lower < upper for lower, upper in pairwise(bounds))
    if top.upto is not None or len(bounds) != len(closed) or not rising:
        raise ValueError("brackets must rise and end with an open one")
    return brackets


def parse_rules(data: Mapping[str, Any]) -> PayrollRules:
    """Rules from the data file's tables (a dict as tomllib returns it), checked for shape."""
    ter = data["ter"]
    categories = {status: name for name, codes in ter["categories"].items() for status in codes}
    bpjs = data["bpjs"]
    programs = tuple(
        Program(
            name=name,
            employee_bp=int(table.get("employee_bp", 0)),
            employer_bp=int(table.get("employer_bp", 0)),
            caps=tuple(
                sorted((row["from"], int(row["cap"])) for row in table.get("wage_caps", ()))
            )
            or (((date.min, int(table["wage_cap"])),) if "wage_cap" in table else ()),
            employer_share_is_income=bool(table.get("employer_share_is_income", False)),
            employee_share_deductible=bool(table.get("employee_share_deductible", False)),
        )
        for name, table in bpjs.items()
    )
    return PayrollRules(
        ptkp_self=int(data["ptkp"]["self"]),
        ptkp_married=int(data["ptkp"]["married"]),
        ptkp_per_dependant=int(data["ptkp"]["per_dependant"]),
        ptkp_max_dependants=int(data["ptkp"]["max_dependants"]),
        biaya_jabatan_bp=int(data["biaya_jabatan"]["rate_bp"]),
        biaya_jabatan_max_year=int(data["biaya_jabatan"]["max_per_year"]),
        pkp_rounding=int(data["pasal17"]["pkp_rounding"]),
        pasal17=_brackets(data["pasal17"]["brackets"]),
        ter_category_of=categories,
        ter_tables={name: _brackets(ter[name]) for name in sorted(set(categories.values()))},
        programs=programs,
        thr_min_months=int(data["thr"]["min_months"]),
        thr_full_after_months=int(data["thr"]["full_after_months"]),
    )


@cache
def load_rules() -> PayrollRules:
    """The rules shipped with the coach (read once)."""
    text = resources.files("bot.coach").joinpath("rates/payroll_id.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text))


def _share(amount: int, rate_bp: int) -> int:
    """A rate applied to whole rupiah, half up: no rule says otherwise for contributions."""
    return (amount * rate_bp + BASIS // 2) // BASIS


def _floor_share(amount: int, rate_bp: int) -> int:
    return amount * rate_bp // BASIS


# --- PPh 21 ---------------------------------------------------------------------------------


def ptkp(status: PtkpStatus, rules: PayrollRules | None = None) -> int:
    """The yearly PTKP for a status."""
    rules = rules or load_rules()
    dependants = min(status.dependants, rules.ptkp_max_dependants)
    married = rules.ptkp_married if status.married else 0
    return rules.ptkp_self + married + dependants * rules.ptkp_per_dependant


def ter_category(status: PtkpStatus, rules: PayrollRules | None = None) -> str:
    """A, B or C (PP 58/2023 Pasal 2 ayat (4))."""
    return (rules or load_rules()).ter_category_of[status.code]


def ter_rate_bp(category: str, monthly_gross: int, rules: PayrollRules | None = None) -> int:
    """The monthly effective rate, in basis points, for a month's gross income."""
    for bracket in (rules or load_rules()).ter_tables[category]:
        if bracket.upto is None or monthly_gross <= bracket.upto:
            return bracket.rate_bp
    raise AssertionError("the last bracket is open")  # pragma: no cover


def ter_withholding(
    monthly_gross: int, status: PtkpStatus, rules: PayrollRules | None = None
) -> int:
    """PPh 21 withheld in a month other than the last of the year: rate x gross, rounded down
    to the rupiah (the regulations state no rounding; the official examples are all exact)."""
    rules = rules or load_rules()
    rate = ter_rate_bp(ter_category(status, rules), monthly_gross, rules)
    return _floor_share(monthly_gross, rate)


def pasal17_tax(pkp: int, rules: PayrollRules | None = None) -> int:
    """Tax on a yearly taxable income by the progressive rates of Pasal 17 ayat (1) huruf a."""
    rules = rules or load_rules()
    tax, lower = 0, 0
    for bracket in rules.pasal17:
        upper = pkp if bracket.upto is None else min(pkp, bracket.upto)
        if upper > lower:
            tax += _floor_share(upper - lower, bracket.rate_bp)
        if bracket.upto is None or pkp <= bracket.upto:
            break
        lower = bracket.upto
    return tax


@dataclass(frozen=True)
class AnnualTax:
    """The yearly computation made in the last month (December): PMK 168/2023 Pasal 8-10."""

    gross: int
    biaya_jabatan: int
    pension_contributions: int  # the employee's JHT and JP (and other pension) contributions
    zakat: int
    net: int
    ptkp: int
    pkp: int
    tax: int


def annual_tax(
    gross: int,
    status: PtkpStatus,
    *,
    pension_contributions: int = 0,
    zakat: int = 0,
    rules: PayrollRules | None = None,
) -> AnnualTax:
    """PPh 21 owed for a full year's gross income (taxable employer premiums included)."""
    rules = rules or load_rules()
    biaya_jabatan = min(_floor_share(gross, rules.biaya_jabatan_bp), rules.biaya_jabatan_max_year)
    net = gross - biaya_jabatan - pension_contributions - zakat
    allowance = ptkp(status, rules)
    pkp = max(net - allowance, 0) // rules.pkp_rounding * rules.pkp_rounding
    return AnnualTax(
        gross=gross,
        biaya_jabatan=biaya_jabatan,
        pension_contributions=pension_contributions,
        zakat=zakat,
        net=net,
        ptkp=allowance,
        pkp=pkp,
        tax=pasal17_tax(pkp, rules),
    )


def december_withholding(annual: AnnualTax, withheld_before: int) -> int:
    """What the last month withholds: the year's tax less what January-November withheld.
    Negative when too much was withheld: the employer pays it back (PMK 168/2023 Pasal 17)."""
    return annual.tax - withheld_before


# --- BPJS and THR ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    program: str  # kesehatan, jht, jp, jkk, jkm
    employee: int
    employer: int


def contributions(
    wage: int, on: date, rules: PayrollRules | None = None
) -> tuple[Contribution, ...]:
    """Each programme's monthly shares for a wage, with the caps in force on `on`."""
    rules = rules or load_rules()
    result = []
    for program in rules.programs:
        base = program.base(wage, on)
        result.append(
            Contribution(
                program.name,
                employee=_share(base, program.employee_bp),
                employer=_share(base, program.employer_bp),
            )
        )
    return tuple(result)


def thr_amount(monthly_wage: int, months_worked: int, rules: PayrollRules | None = None) -> int:
    """THR under Permenaker 6/2016: a month's wage after 12 months, prorated from one month,
    nothing before (rounded down: no rule says otherwise)."""
    rules = rules or load_rules()
    if months_worked < rules.thr_min_months:
        return 0
    months = min(months_worked, rules.thr_full_after_months)
    return monthly_wage * months // rules.thr_full_after_months


# --- The estimate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """One offer's monthly and yearly figures; every one an estimate (see offers.py)."""

    gross: int
    status: PtkpStatus
    on: date
    contributions: tuple[Contribution, ...]
    taxable_gross: int  # gross plus the employer premiums PMK 168/2023 counts as income
    ter_category: str
    ter_rate_bp: int
    pph21: int  # withheld in an ordinary month
    thr: int
    pph21_thr: int  # the extra withheld in the month THR is paid
    annual: AnnualTax
    pph21_december: int  # may be negative: a refund

    @property
    def employee_contributions(self) -> int:
        return sum(item.employee for item in self.contributions)

    @property
    def employer_contributions(self) -> int:
        return sum(item.employer for item in self.contributions)

    @property
    def take_home(self) -> int:
        """An ordinary month's pay after BPJS and PPh 21."""
        return self.gross - self.employee_contributions - self.pph21

    @property
    def take_home_december(self) -> int:
        return self.gross - self.employee_contributions - self.pph21_december

    @property
    def thr_take_home(self) -> int:
        return self.thr - self.pph21_thr

    @property
    def employer_cost(self) -> int:
        """What a month of this offer costs the employer: gross plus its BPJS shares."""
        return self.gross + self.employer_contributions

    @property
    def take_home_year(self) -> int:
        """Twelve months' take-home and THR after tax: the year's gross less BPJS and PPh 21."""
        return MONTHS * (self.gross - self.employee_contributions) + self.thr - self.annual.tax


def estimate(
    monthly_gross: int,
    status: PtkpStatus,
    *,
    on: date,
    thr_months_worked: int = MONTHS,
    rules: PayrollRules | None = None,
) -> Estimate:
    """The estimate for a monthly gross (basic wage and fixed allowances), on a date's rules.

    Assumes the same gross every month, BPJS computed on it, the lowest JKK risk class, THR
    paid in a month before December, and no other income, deduction or zakat.
    """
    if not 0 < monthly_gross <= MAX_MONTHLY_GROSS:
        raise ValueError("monthly gross must be a positive rupiah amount")
    rules = rules or load_rules()
    shares = contributions(monthly_gross, on, rules)
    income_premiums = sum(
        item.employer for item in shares if rules.program(item.program).employer_share_is_income
    )
    deductible = sum(
        item.employee for item in shares if rules.program(item.program).employee_share_deductible
    )
    taxable = monthly_gross + income_premiums
    category = ter_category(status, rules)
    monthly = ter_withholding(taxable, status, rules)
    thr = thr_amount(monthly_gross, thr_months_worked, rules)
    thr_extra = ter_withholding(taxable + thr, status, rules) - monthly if thr else 0
    year = annual_tax(
        MONTHS * taxable + thr, status, pension_contributions=MONTHS * deductible, rules=rules
    )
    withheld_before = (MONTHS - 1) * monthly + thr_extra
    return Estimate(
        gross=monthly_gross,
        status=status,
        on=on,
        contributions=shares,
        taxable_gross=taxable,
        ter_category=category,
        ter_rate_bp=ter_rate_bp(category, taxable, rules),
        pph21=monthly,
        thr=thr,
        pph21_thr=thr_extra,
        annual=year,
        pph21_december=december_withholding(year, withheld_before),
    )
