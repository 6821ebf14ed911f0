"""A random but internally consistent department budget: seed -> `Budget`.

The generator is a document *writer*, not checking logic: it holds true values at a higher
precision than any printing (4 decimals of 万元, i.e. to the 元) and derives every total from
its items, so the identities of a consistent budget (`../shared/research/regulations.md` §2:
支出 = 基本 + 项目, 基本 = 人员 + 公用, 类 = Σ款 = ΣΣ项, 三公 = 出国 + 车 + 接待, 收入总计 =
支出总计) hold exactly before rounding. Rounding happens only when a renderer prints a figure,
half-up as publishers do, so genuine rounding residues appear in the printed document.

`generate_budget(random.Random(seed))` is the plain seeded entry point (benchmarks, the CLI);
`tests/strategies.py` wraps it for hypothesis.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from engine.record import frozen
from engine.vocabulary import default_vocabulary

# Functional classification (功能分类): 类 -> (name, {款: (name, {项: name})}).
FUNCTION_TREE: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "201": ("一般公共服务支出", {
        "20101": ("人大事务", {"2010101": "行政运行", "2010102": "一般行政管理事务"}),
        "20103": ("政府办公厅（室）及相关机构事务", {"2010301": "行政运行", "2010302": "一般行政管理事务"}),
        "20140": ("信访事务", {"2014001": "行政运行", "2014003": "机关服务", "2014004": "信访业务"}),
    }),
    "207": ("文化旅游体育与传媒支出", {
        "20701": ("文化和旅游", {"2070101": "行政运行", "2070109": "群众文化"}),
    }),
    "208": ("社会保障和就业支出", {
        "20805": ("行政事业单位养老支出", {
            "2080505": "机关事业单位基本养老保险缴费支出",
            "2080506": "机关事业单位职业年金缴费支出",
            "2080599": "其他行政事业单位养老支出",
        }),
    }),
    "210": ("卫生健康支出", {
        "21011": ("行政事业单位医疗", {
            "2101101": "行政单位医疗", "2101102": "事业单位医疗", "2101103": "公务员医疗补助",
        }),
    }),
    "221": ("住房保障支出", {
        "22102": ("住房改革支出", {"2210201": "住房公积金", "2210203": "购房补贴"}),
    }),
}

# Economic classification of basic expenditure (经济分类, to 款); True = 人员经费, False = 公用经费.
ECONOMIC_TREE: dict[str, tuple[str, bool, dict[str, str]]] = {
    "301": ("工资福利支出", True, {
        "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30107": "绩效工资",
        "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费",
        "30110": "职工基本医疗保险缴费", "30113": "住房公积金",
    }),
    "302": ("商品和服务支出", False, {
        "30201": "办公费", "30202": "印刷费", "30205": "水费", "30206": "电费", "30207": "邮电费",
        "30211": "差旅费", "30216": "培训费", "30217": "公务接待费", "30228": "工会经费",
        "30231": "公务用车运行维护费", "30299": "其他商品和服务支出",
    }),
    "303": ("对个人和家庭的补助", True, {"30305": "生活补助", "30307": "医疗费补助"}),
    "310": ("资本性支出", False, {"31002": "办公设备购置"}),
}
RECEPTION_CODE, VEHICLE_RUNNING_CODE = "30217", "30231"
# A functional 项 whose basic expenditure is exactly one economic 款 (research §2 I9): the pension,
# annuity and housing-fund contributions are booked once and shown in both classifications.
SAME_MONEY = {"2080505": "30108", "2080506": "30109", "2210201": "30113"}

# The 28 功能类 in their standard order: style B lists all of them, filled or not.
ALL_CLASSES = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出",
    "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "转移性支出", "债务付息支出",
    "债务发行费用支出", "抗疫特别国债安排的支出",
)

DISTRICTS = ("北碚", "潼南", "渝中", "江北", "沙坪坝", "九龙坡", "南岸", "巴南", "璧山", "綦江", "永川", "合川")
AGENCIES = (
    "信访办公室",
    "档案馆",
    "统计局",
    "司法局",
    "审计局",
    "机关事务管理局",
    "文化和旅游发展委员会",
    "退役军人事务局",
)
PROJECT_TOPICS = (
    "日常维稳专项工作经费",
    "信息系统运行维护专项",
    "疑难案件化解专项",
    "后勤保障经费",
    "法治宣传专项",
    "业务培训专项",
    "档案数字化专项",
    "专项调查经费",
    "安保人员专项",
)
INDICATORS = (
    ("产出指标", "数量指标", "全年完成事项数", "件", "≥"),
    ("产出指标", "质量指标", "事项办结率", "%", "≥"),
    ("产出指标", "时效指标", "费用支付时间", "天", "≤"),
    ("效益指标", "社会效益指标", "群众知晓率", "%", "≥"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "%", "≥"),
)

PLACES = Decimal("0.0001")
CENT = Decimal("0.01")


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Publishers round half-up: 0.125 -> 0.13."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@frozen
class FunctionLeaf:
    """A 项 of the functional classification with its true amounts (万元)."""

    code: str
    name: str
    basic: Decimal
    project: Decimal
    prior: Decimal

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@frozen
class EconomicLeaf:
    code: str
    name: str
    amount: Decimal
    personnel: bool


@frozen
class ThreePublic:
    """“三公”经费 of one year: 因公出国（境）费, 公务用车购置费, 公务用车运行费, 公务接待费."""

    abroad: Decimal
    vehicle_purchase: Decimal
    vehicle_running: Decimal
    reception: Decimal

    @property
    def vehicle(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_running

    @property
    def total(self) -> Decimal:
        return self.abroad + self.vehicle + self.reception


@frozen
class Indicator:
    level1: str
    level2: str
    name: str
    unit: str
    nature: str
    value: int
    weight: int


# The funding columns of a project list grouped as the Chongqing template groups them: each group
# with a 小计 column of its own before its items (research §1.2 T11).
PROJECT_FUNDING = (
    ("年初特定目标", "人员性项目"),
    ("年初特定目标", "一般性项目"),
    ("上级专项", "提前下达专项"),
    ("上级专项", "市级专项"),
)


@frozen
class Project:
    code: str
    name: str
    amount: Decimal
    subject: str  # the functional 项 it is spent under
    execution_weight: int
    indicators: tuple[Indicator, ...]


@frozen
class Budget:
    district: str
    department: str
    year: int
    functions: tuple[FunctionLeaf, ...]
    economics: tuple[EconomicLeaf, ...]
    three_public: ThreePublic
    three_public_prior: ThreePublic
    projects: tuple[Project, ...]
    prior_basic: Decimal
    running_cost_prior: Decimal
    procurement: tuple[Decimal, Decimal, Decimal]  # 货物, 工程, 服务
    vehicles: tuple[int, int]  # 一般公务用车, 执勤执法用车
    goal_indicators: tuple[Indicator, ...]
    # the project list's funding column of each project (an index into PROJECT_FUNDING), or None
    # for a list with one funding column: the two layouts the published lists come in
    project_funding: Optional[tuple[int, ...]] = None

    # ---- derived totals: every total is the exact sum of its items ----------------------------

    @property
    def basic(self) -> Decimal:
        return sum((leaf.basic for leaf in self.functions), Decimal(0))

    @property
    def project(self) -> Decimal:
        return sum((leaf.project for leaf in self.functions), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def prior_total(self) -> Decimal:
        return sum((leaf.prior for leaf in self.functions), Decimal(0))

    @property
    def prior_project(self) -> Decimal:
        return self.prior_total - self.prior_basic

    @property
    def personnel(self) -> Decimal:
        return sum((leaf.amount for leaf in self.economics if leaf.personnel), Decimal(0))

    @property
    def public(self) -> Decimal:
        return sum((leaf.amount for leaf in self.economics if not leaf.personnel), Decimal(0))

    @property
    def running_cost(self) -> Decimal:
        """机关运行经费: the 公用经费 of the basic expenditure."""
        return self.public

    def function_rows(self) -> list[tuple[str, str, Decimal, Decimal, Decimal, Decimal]]:
        """(code, name, prior, total, basic, project) for every 类, 款 and 项, in code order."""
        rows = []
        for code in sorted({leaf.code[:3] for leaf in self.functions}):
            rows.append(self._function_row(code, FUNCTION_TREE[code][0]))
            for item in sorted({leaf.code[:5] for leaf in self.functions if leaf.code.startswith(code)}):
                rows.append(self._function_row(item, FUNCTION_TREE[code][1][item][0]))
                rows.extend(
                    self._function_row(leaf.code, leaf.name) for leaf in self.functions if leaf.code[:5] == item
                )
        return rows

    def _function_row(self, code: str, name: str):
        leaves = [leaf for leaf in self.functions if leaf.code.startswith(code)]
        total = lambda field: sum((getattr(leaf, field) for leaf in leaves), Decimal(0))  # noqa: E731
        return code, name, total("prior"), total("total"), total("basic"), total("project")

    def class_totals(self) -> list[tuple[str, Decimal]]:
        return [(name, total) for code, name, _, total, _, _ in self.function_rows() if len(code) == 3]

    def economic_rows(self) -> list[tuple[str, str, Decimal, Decimal, Decimal]]:
        """(code, name, total, personnel, public) for every 类 and 款 of the economic tree."""
        rows = []
        for code in sorted({leaf.code[:3] for leaf in self.economics}):
            leaves = [leaf for leaf in self.economics if leaf.code.startswith(code)]
            rows.append(_economic_row(code, ECONOMIC_TREE[code][0], leaves))
            rows.extend(_economic_row(leaf.code, leaf.name, [leaf]) for leaf in leaves)
        return rows

    def economic_amount(self, code: str) -> Decimal:
        return sum((leaf.amount for leaf in self.economics if leaf.code == code), Decimal(0))


def _economic_row(code: str, name: str, leaves: list[EconomicLeaf]):
    personnel = sum((leaf.amount for leaf in leaves if leaf.personnel), Decimal(0))
    public = sum((leaf.amount for leaf in leaves if not leaf.personnel), Decimal(0))
    return code, name, personnel + public, personnel, public


# ---- generation -------------------------------------------------------------------------------


def generate_budget(rng: random.Random, places: int = 4) -> Budget:
    """A consistent budget. `places` is the precision of the true values (2: no rounding residues)."""
    quantum = Decimal(1).scaleb(-places)
    district, year = rng.choice(DISTRICTS), rng.randint(2018, 2026)
    money = _Money(rng, quantum)

    economics = _economics(rng, money)
    three_public = ThreePublic(
        abroad=Decimal(0) if rng.random() < 0.8 else money(1, 20),
        vehicle_purchase=Decimal(0) if rng.random() < 0.8 else money(10, 30),
        vehicle_running=next(leaf.amount for leaf in economics if leaf.code == VEHICLE_RUNNING_CODE),
        reception=next(leaf.amount for leaf in economics if leaf.code == RECEPTION_CODE),
    )
    three_public_prior = ThreePublic(
        *(
            _prior_of(rng, value, money)
            for value in (
                three_public.abroad,
                three_public.vehicle_purchase,
                three_public.vehicle_running,
                three_public.reception,
            )
        )
    )
    basic = sum((leaf.amount for leaf in economics), Decimal(0))
    leaves = _function_leaves(rng, year)
    basic_parts = _basic_parts(leaves, economics, _split(rng, basic, len(leaves), quantum), quantum)
    projects = _projects(rng, leaves, money, default_vocabulary().regions[district], year)
    functions = []
    for (code, name), part in zip(leaves, basic_parts):
        project = sum((item.amount for item in projects if item.subject == code), Decimal(0))
        functions.append(FunctionLeaf(code, name, part, project, _prior_of(rng, part + project, money)))
    prior_total = sum((leaf.prior for leaf in functions), Decimal(0))
    prior_basic = min(prior_total, _prior_of(rng, basic, money))
    public = sum((leaf.amount for leaf in economics if not leaf.personnel), Decimal(0))
    goods = money(1, 30) if rng.random() < 0.5 else Decimal(0)
    services = money(1, 30) if rng.random() < 0.3 else Decimal(0)
    return Budget(
        district=district,
        department=rng.choice(AGENCIES),
        year=year,
        functions=tuple(functions),
        economics=tuple(economics),
        three_public=three_public,
        three_public_prior=three_public_prior,
        projects=tuple(projects),
        prior_basic=prior_basic,
        running_cost_prior=_prior_of(rng, public, money),
        procurement=(goods, Decimal(0), services),
        # a department that pays to run cars holds at least one (rule BUD-R03 asks this)
        vehicles=(rng.randint(1 if three_public.vehicle_running > 0 else 0, 3), rng.randint(0, 2)),
        goal_indicators=_indicators(rng, 100),
        # drawn last, so every document drawn before this layout existed is drawn the same
        project_funding=(tuple(rng.randrange(len(PROJECT_FUNDING)) for _ in projects) if rng.random() < 0.5 else None),
    )


class _Money:
    """Random amounts on the quantum grid of the true values."""

    def __init__(self, rng: random.Random, quantum: Decimal):
        self.rng, self.quantum = rng, quantum

    def __call__(self, low: float, high: float) -> Decimal:
        return Decimal(str(self.rng.uniform(low, high))).quantize(self.quantum)

    def scaled(self, value: Decimal, factor: Decimal) -> Decimal:
        return (value * factor).quantize(self.quantum)


def _economics(rng: random.Random, money) -> list[EconomicLeaf]:
    leaves = []
    for code, (_, personnel, items) in ECONOMIC_TREE.items():
        if code == "310" and rng.random() < 0.6:
            continue
        chosen = sorted(rng.sample(sorted(items), k=rng.randint(1, len(items))))
        if code == "302":
            chosen = sorted(set(chosen) | {RECEPTION_CODE, VEHICLE_RUNNING_CODE})
        for item in chosen:
            scale = (20, 150) if personnel else (0.2, 20)
            leaves.append(EconomicLeaf(item, items[item], money(*scale), personnel))
    return leaves


def _function_leaves(rng: random.Random, year: int) -> list[tuple[str, str]]:
    """Leaves valid in `year`: the 款 20140 信访事务 exists from 2024 (rules/codes.toml)."""
    classes = sorted(rng.sample(sorted(FUNCTION_TREE), k=rng.randint(1, 4)))
    if "201" not in classes:
        classes.insert(0, "201")
    leaves = []
    for code in classes:
        items = {item: value for item, value in FUNCTION_TREE[code][1].items() if year >= 2024 or item != "20140"}
        for item in sorted(rng.sample(sorted(items), k=rng.randint(1, min(2, len(items))))):
            names = items[item][1]
            for leaf in sorted(rng.sample(sorted(names), k=rng.randint(1, len(names)))):
                leaves.append((leaf, names[leaf]))
    return leaves


def _split(rng: random.Random, total: Decimal, parts: int, quantum: Decimal) -> list[Decimal]:
    """`total` in `parts` positive pieces on the quantum grid, summing exactly to `total`."""
    weights = [rng.uniform(0.2, 1.0) for _ in range(parts)]
    scale = sum(weights)
    pieces = [(total * Decimal(str(weight / scale))).quantize(quantum) for weight in weights[:-1]]
    pieces.append(total - sum(pieces, Decimal(0)))
    return pieces


def _basic_parts(
    leaves: list[tuple[str, str]], economics: list[EconomicLeaf], parts: list[Decimal], quantum: Decimal
) -> list[Decimal]:
    """The basic expenditure of each functional leaf: a leaf in SAME_MONEY takes its economic 款's
    amount when the budget has that 款; the other leaves share the rest in the drawn proportions
    (no new draw, so the documents drawn after it stay the same). 201's leaves are never in
    SAME_MONEY and every budget has them, so the rest always has a leaf to go to."""
    amounts = {leaf.code: leaf.amount for leaf in economics}
    fixed = {
        index: amounts[SAME_MONEY[code]] for index, (code, _) in enumerate(leaves) if SAME_MONEY.get(code) in amounts
    }
    free = [index for index in range(len(leaves)) if index not in fixed]
    rest = sum(parts, Decimal(0)) - sum(fixed.values(), Decimal(0))
    drawn = sum((parts[index] for index in free), Decimal(0))
    shared = {index: (rest * parts[index] / drawn).quantize(quantum) for index in free[:-1]}
    shared[free[-1]] = rest - sum(shared.values(), Decimal(0))
    return [fixed[index] if index in fixed else shared[index] for index in range(len(leaves))]


def _projects(rng: random.Random, leaves: list[tuple[str, str]], money, region: str, year: int) -> list[Project]:
    """Projects coded as the budget system codes them: district division code, the two-digit
    year the project was set up (this year or up to three before), a letter, twelve digits."""
    projects = []
    topics = rng.sample(PROJECT_TOPICS, k=rng.randint(1, 4))  # distinct: two projects never share a text
    for topic in topics:
        amount = Decimal(rng.randint(4, 200)) if rng.random() < 0.5 else money(4, 200)
        set_up = (year - rng.randint(0, 3)) % 100
        code = f"{region}{set_up:02d}T{rng.randint(10**11, 10**12 - 1):012d}"
        execution_weight = 10
        projects.append(
            Project(
                code, topic, amount, rng.choice(leaves)[0], execution_weight, _indicators(rng, 100 - execution_weight)
            )
        )
    return projects


def _indicators(rng: random.Random, total_weight: int) -> tuple[Indicator, ...]:
    """A complete set, as the 101号 framework asks: at least one 产出 and one 效益 indicator."""
    outputs = [item for item in INDICATORS if item[0] == "产出指标"]
    benefits = [item for item in INDICATORS if item[0] == "效益指标"]
    required = [rng.choice(outputs), rng.choice(benefits)]
    others = [item for item in INDICATORS if item not in required]
    chosen = required + rng.sample(others, k=rng.randint(0, len(others)))
    rng.shuffle(chosen)
    count = len(chosen)
    cuts = sorted(rng.sample(range(1, total_weight // 5), k=count - 1))
    weights = [5 * (high - low) for low, high in zip([0] + cuts, cuts + [total_weight // 5])]
    return tuple(
        Indicator(level1, level2, name, unit, nature, rng.choice((1, 5, 12, 90, 95, 100)), weight)
        for (level1, level2, name, unit, nature), weight in zip(chosen, weights)
    )


def _prior_of(rng: random.Random, value: Decimal, money) -> Decimal:
    """Last year's figure: often the same, else a nearby amount (never negative)."""
    roll = rng.random()
    if roll < 0.25:
        return value
    if value == 0:
        return Decimal(0) if roll < 0.7 else money(0.5, 10)
    factor = Decimal(str(rng.uniform(0.7, 1.3)))
    return money.scaled(value, factor) if roll < 0.95 else Decimal(0)
