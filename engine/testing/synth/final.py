"""A random but internally consistent 部门决算 (final account): seed -> `FinalAccount`.

Like `budget.py`, a document *writer*: true values are drawn on the cent grid of 万元 (what a
决算 prints), every total is derived from its items, so the identities of a consistent final
account (`../shared/research/final-accounts.md` §3–§4: 收入总计 = 支出总计, the roll-forward
年初 + 本年收入 = 本年支出 + 年末 per fund, 类 = Σ款 = ΣΣ项, 合计 = 基本 + 项目, 基本 = 人员 +
公用, 三公 = 出国 + 车 + 接待, 机关运行经费 ≤ 公用经费, the narrative counts) hold exactly.

Money flows: the 一般公共预算 allocation pays basic and project spending of the general leaves,
a 政府性基金 allocation (half the documents) pays projects of its own leaf, non-fiscal income
(事业收入, 其他收入) and a drawn non-fiscal surplus are spent on the first leaf, and the fiscal
carry-over (年初 → 年末) sits on project leaves. 三公 is paid from basic spending (the T6 款
30212/30217/30231/31013 equal the T7 决算 items), so the 决算 ≥ T6 relations hold with equality.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Optional

from engine.record import evolve, frozen
from engine.testing.synth.budget import ECONOMIC_TREE, FUNCTION_TREE, ThreePublic, round_half_up

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# 政府性基金 leaves (the one tree a district department commonly has): 类 -> (name, {款: (name, {项: name})})
FUND_TREE: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "212": ("城乡社区支出", {"21208": ("国有土地使用权出让收入安排的支出", {
        "2120803": "城市建设支出", "2120899": "其他国有土地使用权出让收入安排的支出"})}),
}
# 三公 paid from basic spending: the T6 款 of each T7 item
ABROAD_CODE, RECEPTION_CODE, RUNNING_CODE, PURCHASE_CODE = "30212", "30217", "30231", "31013"
ECONOMIC_NAMES = {code: name for _, (_, _, items) in ECONOMIC_TREE.items() for code, name in items.items()}
ECONOMIC_NAMES.update({ABROAD_CODE: "因公出国（境）费用", PURCHASE_CODE: "公务用车购置"})

SHANGHAI_DISTRICTS = ("普陀", "静安", "徐汇", "长宁", "杨浦", "虹口", "闵行", "宝山", "嘉定", "松江", "青浦", "奉贤")
FINAL_AGENCIES = ("档案局", "统计局", "司法局", "审计局", "民政局", "商务委员会", "退役军人事务局", "信访办公室")
VEHICLE_KINDS = ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
                 "特种专业技术用车", "离退休干部用车", "其他用车")
GRADES = ("优", "良", "合格", "不合格")


@frozen
class FinalLeaf:
    """A functional 项 with its 决算 amounts (万元): the general-budget part (basic, project, its
    年初预算 and fiscal carry-over), the non-fiscal part, and — for a fund leaf — the fund part."""

    code: str
    name: str
    basic: Decimal = Decimal(0)
    project: Decimal = Decimal(0)
    initial_budget: Decimal = Decimal(0)  # 年初预算 of the general-budget part
    opening: Decimal = Decimal(0)  # fiscal 年初结转和结余 of this leaf (general or fund)
    closing: Decimal = Decimal(0)
    nonfiscal_basic: Decimal = Decimal(0)
    nonfiscal_income: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))  # (事业收入, 其他收入)
    fund: bool = False

    @property
    def general(self) -> Decimal:
        return Decimal(0) if self.fund else self.basic + self.project

    @property
    def fund_spending(self) -> Decimal:
        return self.project if self.fund else Decimal(0)

    @property
    def fiscal_income(self) -> Decimal:
        """本年财政拨款收入: what the year's spending and closing balance need beyond the opening one."""
        return self.basic + self.project + self.closing - self.opening

    @property
    def total_basic(self) -> Decimal:
        return self.basic + self.nonfiscal_basic

    @property
    def spending(self) -> Decimal:
        return self.total_basic + self.project


@frozen
class Statistics:
    """The counts of the narrative: 三公 statistics, vehicles, procurement, 绩效."""

    abroad_groups: int
    abroad_people: int
    vehicles_bought: int
    vehicles_held: int
    reception_batches: int
    reception_people: int
    foreign_batches: int
    foreign_people: int
    foreign_amount: Decimal
    vehicles: tuple[int, ...]  # by VEHICLE_KINDS
    equipment: int
    procurement: tuple[Decimal, Decimal, Decimal]  # 货物, 工程, 服务
    sme: tuple[Decimal, Decimal, Decimal, Decimal, Decimal]  # 中小预留, 小微预留, 中小中标, 小微中标, 其他中小
    targets: tuple[int, Decimal]
    tracked: tuple[int, Decimal]
    evaluated: tuple[int, Decimal]
    grades: tuple[int, int, int, int]
    score: Decimal
    problems: tuple[int, int]  # 已完成整改, 正在整改


@frozen
class FinalAccount:
    year: int
    district: str
    department: str
    units: tuple[str, ...]
    leaves: tuple[FinalLeaf, ...]  # general leaves, then fund leaves
    economics: tuple[tuple[str, Decimal], ...]  # T6 款 and amounts (万元)
    three_public_budget: ThreePublic
    three_public: ThreePublic
    three_public_prior: ThreePublic
    running_cost: Decimal
    running_cost_prior: Decimal
    prior_total: Decimal
    prior_fiscal_total: Decimal
    prior_general: Decimal
    nonfiscal_surplus_used: Decimal
    statistics: Statistics

    @property
    def name(self) -> str:
        return f"上海市{self.district}区{self.department}"

    # ---- sums over leaves ------------------------------------------------------------------

    def _sum(self, attribute: str, fund: Optional[bool] = None, prefix: str = "") -> Decimal:
        return sum((getattr(leaf, attribute) for leaf in self.leaves
                    if (fund is None or leaf.fund == fund) and leaf.code.startswith(prefix)), Decimal(0))

    @property
    def general_leaves(self) -> tuple[FinalLeaf, ...]:
        return tuple(leaf for leaf in self.leaves if not leaf.fund)

    @property
    def fund_leaves(self) -> tuple[FinalLeaf, ...]:
        return tuple(leaf for leaf in self.leaves if leaf.fund)

    @property
    def general_spending(self) -> Decimal:
        return self._sum("general")

    @property
    def general_basic(self) -> Decimal:
        return self._sum("basic", fund=False)

    @property
    def general_project(self) -> Decimal:
        return self._sum("project", fund=False)

    @property
    def general_budget(self) -> Decimal:
        return self._sum("initial_budget", fund=False)

    def fiscal(self, attribute: str, fund: bool) -> Decimal:
        """`fiscal_income`, `opening`, `closing` or spending of one fund (general or 政府性基金)."""
        if attribute == "spending":
            return self.general_spending if not fund else self._sum("fund_spending")
        return self._sum(attribute, fund=fund)

    @property
    def fiscal_income(self) -> Decimal:
        return self._sum("fiscal_income")

    @property
    def fiscal_opening(self) -> Decimal:
        return self._sum("opening")

    @property
    def fiscal_closing(self) -> Decimal:
        return self._sum("closing")

    @property
    def fiscal_spending(self) -> Decimal:
        return self.general_spending + self.fiscal("spending", True)

    @property
    def fiscal_total(self) -> Decimal:
        return self.fiscal_income + self.fiscal_opening

    @property
    def business_income(self) -> Decimal:  # 事业收入
        return sum((leaf.nonfiscal_income[0] for leaf in self.leaves), Decimal(0))

    @property
    def other_income(self) -> Decimal:  # 其他收入
        return sum((leaf.nonfiscal_income[1] for leaf in self.leaves), Decimal(0))

    @property
    def income(self) -> Decimal:  # 本年收入合计
        return self.fiscal_income + self.business_income + self.other_income

    @property
    def spending(self) -> Decimal:  # 本年支出合计
        return self._sum("spending")

    @property
    def basic(self) -> Decimal:
        return self._sum("total_basic")

    @property
    def project(self) -> Decimal:
        return self._sum("project")

    @property
    def total(self) -> Decimal:  # 收入总计 = 支出总计
        return self.income + self.nonfiscal_surplus_used + self.fiscal_opening

    @property
    def personnel(self) -> Decimal:
        return sum((amount for code, amount in self.economics if code[:3] in ("301", "303")), Decimal(0))

    @property
    def public(self) -> Decimal:
        return sum((amount for code, amount in self.economics if code[:3] in ("302", "310")), Decimal(0))

    def rows(self, attribute: str, fund: Optional[bool] = None) -> list[tuple[str, str, Decimal]]:
        """(code, name, Σ attribute) for every 类, 款 and 项 of the chosen leaves, in code order."""
        trees = {**FUNCTION_TREE, **FUND_TREE}
        leaves = [leaf for leaf in self.leaves if fund is None or leaf.fund == fund]
        codes = sorted({leaf.code[:n] for leaf in leaves for n in (3, 5, 7)})
        rows = []
        for code in codes:
            name = _subject_name(trees, code)
            amount = sum((getattr(leaf, attribute) for leaf in leaves if leaf.code.startswith(code)), Decimal(0))
            rows.append((code, name, amount))
        return rows

    def classes(self) -> list[tuple[str, str]]:
        """(code, name) of every 类 with spending, in code order."""
        return [(code, name) for code, name, _ in self.rows("spending") if len(code) == 3]


def _subject_name(trees, code: str) -> str:
    name, sections = trees[code[:3]]
    if len(code) == 3:
        return name
    section_name, items = sections[code[:5]]
    return section_name if len(code) == 5 else items[code]


# ---- drawing ------------------------------------------------------------------------------------


def money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(rng.uniform(low, high))).quantize(CENT)


def generate_final(rng: random.Random) -> FinalAccount:
    """One consistent 决算, drawn in a fixed order so that one seed names one document."""
    year = rng.choice((2022, 2023, 2024, 2024, 2025))
    district, department = rng.choice(SHANGHAI_DISTRICTS), rng.choice(FINAL_AGENCIES)
    units = (f"上海市{district}区{department}（本级）",) + tuple(
        f"上海市{district}区{department}{suffix}"
        for suffix in rng.sample(("事务中心", "信息中心", "服务中心"), rng.randint(0, 2))
    )
    economics, three_budget, three = _economics_and_three_public(rng)
    basic_total = sum((amount for _, amount in economics), Decimal(0))
    leaves = _general_leaves(rng, year, basic_total)
    if rng.random() < 0.5:
        leaves += _fund_leaves(rng)
    leaves, surplus = _nonfiscal(rng, leaves)
    public = sum((amount for code, amount in economics if code[:3] in ("302", "310")), Decimal(0))
    running = (public * Decimal(str(rng.uniform(0.55, 1.0)))).quantize(CENT)
    account = FinalAccount(
        year,
        district,
        department,
        units,
        tuple(leaves),
        tuple(economics),
        three_budget,
        three,
        ThreePublic(
            *(
                _prior(rng, value)
                for value in (three.abroad, three.vehicle_purchase, three.vehicle_running, three.reception)
            )
        ),
        running,
        _prior(rng, running),
        Decimal(0),
        Decimal(0),
        Decimal(0),
        surplus,
        _statistics(rng, three),
    )
    return _with_priors(rng, account)


def _economics_and_three_public(rng: random.Random):
    """T6 款 (basic spending by economic class) and the 三公 budget and 决算 paid from them."""
    abroad = money(rng, 1, 8) if rng.random() < 0.2 else Decimal(0)
    purchase = money(rng, 15, 30) if rng.random() < 0.2 else Decimal(0)
    running = money(rng, 1, 12) if rng.random() < 0.8 else Decimal(0)
    reception = money(rng, 0.2, 3) if rng.random() < 0.9 else Decimal(0)
    three = ThreePublic(abroad, purchase, running, reception)
    budget = ThreePublic(
        *(
            value + (money(rng, 0.01, 2) if value or rng.random() < 0.2 else Decimal(0))
            for value in (abroad, purchase, running, reception)
        )
    )
    if budget.total == three.total:  # the pack's examples and the template: 决算 below 预算 (FA-091 otherwise)
        budget = ThreePublic(budget.abroad, budget.vehicle_purchase, budget.vehicle_running, budget.reception + CENT)
    fixed = {ABROAD_CODE: abroad, RECEPTION_CODE: reception, RUNNING_CODE: running, PURCHASE_CODE: purchase}
    economics: list[tuple[str, Decimal]] = []
    for _code, (_, personnel, items) in ECONOMIC_TREE.items():
        chosen = sorted(rng.sample(sorted(items), k=rng.randint(2, len(items)) if len(items) > 2 else len(items)))
        for item in chosen:
            if item in fixed:
                continue
            economics.append((item, money(rng, 20, 180) if personnel else money(rng, 0.5, 25)))
    economics += [(code, amount) for code, amount in fixed.items() if amount]
    economics.sort()
    return economics, budget, three


def _general_leaves(rng: random.Random, year: int, basic_total: Decimal) -> list[FinalLeaf]:
    """One 款 of 201 (its 行政运行 takes the basic spending the social leaves leave) and a few
    social-insurance leaves; project leaves carry the fiscal carry-over."""
    sections = {code: value for code, value in FUNCTION_TREE["201"][1].items() if year >= 2024 or code != "20140"}
    section = rng.choice(sorted(sections))
    items = sections[section][1]
    names = [(code, name) for code, name in sorted(items.items())]
    social = [
        (code, _subject_name(FUNCTION_TREE, code))
        for code in ("2080505", "2080506", "2101101", "2210201")
        if code == "2080505" or rng.random() < 0.6
    ]
    shares = [(basic_total * Decimal(str(rng.uniform(0.04, 0.09)))).quantize(CENT) for _ in social]
    leaves = []
    running_code = next(code for code, name in names if name == "行政运行")
    for code, name in names + social:
        if code == running_code:
            basic = basic_total - sum(shares, Decimal(0))
            project = Decimal(0)
        elif code.startswith("201"):
            basic, project = Decimal(0), money(rng, 10, 300)
        else:
            basic, project = shares[[c for c, _ in social].index(code)], Decimal(0)
        opening = money(rng, 1, 30) if project and rng.random() < 0.5 else Decimal(0)
        closing = money(rng, 1, 30) if project and rng.random() < 0.5 else Decimal(0)
        actual = basic + project
        if opening >= actual + closing:  # the year's fiscal income is never negative, nor left at nothing
            opening = ((actual + closing) / 2).quantize(CENT)
        roll = rng.random()
        budget = actual if roll < 0.3 else (actual * Decimal(str(rng.uniform(0.85, 1.12)))).quantize(CENT)
        leaves.append(FinalLeaf(code, name, basic, project, budget, opening, closing))
    return leaves


def _fund_leaves(rng: random.Random) -> list[FinalLeaf]:
    code = rng.choice(sorted(FUND_TREE["212"][1]["21208"][1]))
    spending = money(rng, 50, 900)
    opening = money(rng, 1, 100) if rng.random() < 0.5 else Decimal(0)
    closing = money(rng, 1, 100) if rng.random() < 0.5 else Decimal(0)
    if opening >= spending + closing:  # the fund's income of the year is positive (seed 8696 made it negative)
        opening = ((spending + closing) / 2).quantize(CENT)
    budget = spending if rng.random() < 0.3 else (spending * Decimal(str(rng.uniform(0.85, 1.12)))).quantize(CENT)
    return [FinalLeaf(code, _subject_name(FUND_TREE, code), Decimal(0), spending, budget, opening, closing, fund=True)]


def _nonfiscal(rng: random.Random, leaves: list[FinalLeaf]) -> tuple[list[FinalLeaf], Decimal]:
    """事业收入 / 其他收入 and a drawn non-fiscal surplus, all spent as basic spending of the first leaf."""
    business = money(rng, 5, 80) if rng.random() < 0.3 else Decimal(0)
    other = money(rng, 0.5, 20) if rng.random() < 0.5 else Decimal(0)
    surplus = money(rng, 0.5, 10) if (business or other) and rng.random() < 0.3 else Decimal(0)
    first = leaves[0]
    leaves[0] = FinalLeaf(
        first.code,
        first.name,
        first.basic,
        first.project,
        first.initial_budget,
        first.opening,
        first.closing,
        business + other + surplus,
        (business, other),
        first.fund,
    )
    return leaves, surplus


def _statistics(rng: random.Random, three: ThreePublic) -> Statistics:
    groups = rng.randint(1, 3) if three.abroad else 0
    batches = rng.randint(3, 40) if three.reception else 0
    foreign_batches = rng.randint(0, min(2, batches))
    vehicles = [0, 0, rng.randint(0, 1), rng.randint(0, 2), rng.randint(0, 3), 0, 0, rng.randint(0, 4)]
    if three.vehicle_running and not sum(vehicles):
        vehicles[-1] = 1
    held = rng.randint(1, max(1, sum(vehicles))) if three.vehicle_running else 0
    goods, works, services = (
        money(rng, 1, 80),
        (money(rng, 5, 200) if rng.random() < 0.3 else Decimal(0)),
        money(rng, 10, 400),
    )
    total = goods + works + services
    sme_reserved = (total * Decimal(str(rng.uniform(0.3, 0.9)))).quantize(CENT)
    micro_reserved = (sme_reserved * Decimal(str(rng.uniform(0.6, 1.0)))).quantize(CENT)
    sme_won = (sme_reserved * Decimal(str(rng.uniform(0.7, 1.0)))).quantize(CENT)
    micro_won = min(micro_reserved, sme_won)
    other_sme = ((total - sme_reserved) * Decimal(str(rng.uniform(0, 0.5)))).quantize(CENT)
    targets = rng.randint(3, 12)
    target_amount = money(rng, 100, 900)
    tracked = rng.randint(1, targets)
    evaluated = rng.randint(1, targets)
    cuts = sorted(rng.randint(0, evaluated) for _ in range(3))
    grades = (cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], evaluated - cuts[2])
    found = rng.randint(0, 6)
    fixed = rng.randint(0, found)
    return Statistics(
        groups,
        groups * rng.randint(2, 5),
        rng.randint(1, 2) if three.vehicle_purchase else 0,
        held,
        batches,
        batches * rng.randint(3, 8),
        foreign_batches,
        foreign_batches * rng.randint(2, 5),
        (three.reception * Decimal(str(rng.uniform(0.05, 0.3)))).quantize(CENT) if foreign_batches else Decimal(0),
        tuple(vehicles),
        rng.randint(0, 3),
        (goods, works, services),
        (sme_reserved, micro_reserved, sme_won, micro_won, other_sme),
        (targets, target_amount),
        (tracked, (target_amount * Decimal(str(rng.uniform(0.2, 1)))).quantize(CENT)),
        (evaluated, (target_amount * Decimal(str(rng.uniform(0.2, 1)))).quantize(CENT)),
        grades,
        Decimal(str(rng.uniform(82, 99))).quantize(CENT),
        (fixed, found - fixed),
    )


def _prior(rng: random.Random, value: Decimal) -> Decimal:
    """Last year's figure: sometimes the same, else a nearby amount (never negative)."""
    roll = rng.random()
    if roll < 0.2:
        return value
    if value == 0:
        return Decimal(0) if roll < 0.7 else money(rng, 0.5, 5)
    return (value * Decimal(str(rng.uniform(0.75, 1.25)))).quantize(CENT)


def _with_priors(rng: random.Random, account: FinalAccount) -> FinalAccount:
    return evolve(
        account,
        prior_total=_prior(rng, account.total),
        prior_fiscal_total=_prior(rng, account.fiscal_total),
        prior_general=_prior(rng, account.general_spending),
    )


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """A share or rate printed to two decimals, half-up, as the template prints it."""
    return round_half_up(part / whole * HUNDRED, 2)
