"""The 概况, 情况说明 and 名词解释 of a generated 部门决算, in the Shanghai 2024 template's sentences.

Every slot of the template (research/final-accounts.md §5.1) is filled from the account: figures
are printed with two decimals (as the tables print them), shares, completion and change rates
are recomputed from the printed figures and rounded half-up to two decimals, comparison words
(大于 / 小于 / 持平) and change words (增加 / 减少, 增长 / 下降) follow the printed figures, and
a reason follows every gap and change. Style A marks headings with '#', style B writes them plain.
"""

from __future__ import annotations

import random
from decimal import Decimal

from engine.testing.synth.budget import ThreePublic
from engine.testing.synth.final import ECONOMIC_NAMES, GRADES, VEHICLE_KINDS, FinalAccount, percent
from engine.testing.synth.narrative import StyledText
from engine.testing.synth.tables import chinese_number
from engine.testing.synth.writer import Figure, Piece, Word, Writer

ZERO = Decimal(0)
# reasons by direction: a reason never contradicts the gap or change it explains
MORE = ("人员变动及工资标准调整", "新增专项工作任务", "年中追加专项经费")
LESS = ("落实过紧日子要求压减一般性支出", "部分项目按合同约定延期支付", "严格执行预算，节约开支")
TERMS = (
    (
        "财政拨款收入",
        "指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    ),
    ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("其他收入", "指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。"),
    ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    (
        "年末结转和结余",
        "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。",
    ),
    ("基本支出", "指单位为保障机构正常运转、完成日常工作任务而发生的各项支出。"),
    ("项目支出", "指单位为完成特定的行政工作任务或事业发展目标，在基本支出之外发生的各项支出。"),
    ("经营支出", "指事业单位在专业活动及辅助活动之外开展非独立核算经营活动发生的支出。"),
    ("“三公”经费", "指单位使用本级财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
    (
        "机关运行经费",
        "指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
    ),
    (
        "使用非财政拨款结余",
        "指单位在当年的财政拨款收入、事业收入、经营收入和其他收入不足以安排当年支出的情况下，使用以前年度积累的非财政拨款结余弥补本年度收支缺口的资金。",
    ),
)


class FinalNarrativeWriter(StyledText):
    def __init__(self, writer: Writer, account: FinalAccount, style: str, rng: random.Random):
        self.w, self.a, self.style, self.rng = writer, account, style, rng

    # ---- pieces ------------------------------------------------------------------------------

    def money(self, value: Decimal, role: str, label: str) -> Figure:
        return Figure(value, 2, role, label, self.a.year)

    def rate(self, value: Decimal, role: str, label: str) -> Figure:
        return Figure(value, 2, role, label, self.a.year, unit="%")

    def reason(self, up: bool) -> str:
        return self.rng.choice(MORE if up else LESS)

    def prior_year(self) -> Word:
        return Word(str(self.a.year - 1), "comparison-year")

    def change(self, subject: str, current: Decimal, prior: Decimal) -> list[Piece]:
        """'与2023年度相比，<subject>增加X万元，增长Y%。主要原因：…。' (or 持平)."""
        lead: list[Piece] = ["与", self.prior_year(), "年度相比，", subject]
        delta = current - prior
        if delta == 0:
            return lead + [Word("持平", "yoy-word"), "。"]
        up = delta > 0
        pieces = lead + [
            Word("增加" if up else "减少", "yoy-word"),
            self.money(abs(delta), "fa-yoy-amount", subject),
            "万元",
        ]
        if prior:
            pieces += [
                "，",
                Word("增长" if up else "下降", "yoy-rate-word"),
                self.rate(percent(abs(delta), prior), "fa-yoy-rate", subject),
                "%",
            ]
        return pieces + [f"。主要原因：{self.reason(up)}。"]

    def share(self, part: Decimal, whole: Decimal, role: str, label: str) -> list[Piece]:
        return ["，占", self.rate(percent(part, whole), role, label), "%"]

    # ---- the parts ---------------------------------------------------------------------------

    def overview(self) -> None:
        a = self.a
        self.w.write(f"{a.name} {a.year}年度部门决算")
        self.w.blank()
        self.heading(1, f"第一部分 {a.name}概况")
        self.heading(2, "一、主要职能")
        self.paragraph(
            f"{a.name}是区政府工作部门，主要职能是：贯彻执行国家和本市有关法律法规和方针政策，"
            f"拟订本区相关领域发展规划并组织实施；承担区政府交办的其他事项。"
        )
        single = len(a.units) == 1
        self.heading(2, "二、机构设置" if single else "二、部门决算单位构成")
        units = "、".join(a.units)
        self.paragraph(f"纳入{a.name}{a.year}年度部门决算编制范围的单位包括：{units}。")
        self.heading(1, f"第二部分 {a.name}{a.year}年度部门决算表")

    def explanation(self) -> None:
        a = self.a
        self.heading(1, f"第三部分 {a.name}{a.year}年度部门决算情况说明")
        self.heading(2, "一、收入支出决算总体情况说明")
        self.paragraph(
            f"{a.name}{a.year}年度收入支出总计",
            self.money(a.total, "fa-n-total", "收入支出总计"),
            "万元。",
            *self.change("收入支出总计", a.total, a.prior_total),
        )
        self.income_section()
        self.expenditure_section()
        self.heading(2, "四、财政拨款收入支出决算总体情况说明")
        self.paragraph(
            f"{a.name}{a.year}年度财政拨款收入支出总计",
            self.money(a.fiscal_total, "fa-n-fiscal-total", "财政拨款收入支出总计"),
            "万元。",
            *self.change("财政拨款收入支出总计", a.fiscal_total, a.prior_fiscal_total),
        )
        self.general_section()
        self.heading(2, "六、一般公共预算财政拨款基本支出决算情况说明")
        personnel = "、".join(ECONOMIC_NAMES[code] for code, _ in a.economics if code[:3] in ("301", "303"))
        public = "、".join(ECONOMIC_NAMES[code] for code, _ in a.economics if code[:3] in ("302", "310"))
        self.paragraph(
            "一般公共预算财政拨款基本支出",
            self.money(a.general_basic, "fa-n-basic", "基本支出"),
            "万元。其中：人员经费",
            self.money(a.personnel, "fa-n-personnel", "人员经费"),
            f"万元，主要包括：{personnel}；公用经费",
            self.money(a.public, "fa-n-public", "公用经费"),
            f"万元，主要包括：{public}。",
        )
        self.three_public_section()
        self.fund_section()
        self.heading(2, "九、国有资本经营预算财政拨款收入支出决算情况说明")
        self.paragraph(f"{a.name}{a.year}年度无国有资本经营预算财政拨款收入和支出。")
        self.performance_section()
        self.other_section()

    def income_section(self) -> None:
        a = self.a
        self.heading(2, "二、收入决算情况说明")
        pieces: list[Piece] = ["本年收入合计", self.money(a.income, "fa-n-income", "本年收入合计"), "万元，其中："]
        parts = [
            (label, value)
            for label, value in (
                ("财政拨款收入", a.fiscal_income),
                ("事业收入", a.business_income),
                ("其他收入", a.other_income),
            )
            if value
        ]
        for index, (label, value) in enumerate(parts):
            pieces += [
                ("；" if index else ""),
                label,
                self.money(value, "fa-n-income-part", label),
                "万元",
                *self.share(value, a.income, "fa-n-income-share", label),
            ]
        self.paragraph(*pieces, "。")

    def expenditure_section(self) -> None:
        a = self.a
        self.heading(2, "三、支出决算情况说明")
        pieces: list[Piece] = ["本年支出合计", self.money(a.spending, "fa-n-spending", "本年支出合计"), "万元，其中："]
        parts = [(label, value) for label, value in (("基本支出", a.basic), ("项目支出", a.project)) if value]
        for index, (label, value) in enumerate(parts):
            pieces += [
                ("；" if index else ""),
                label,
                self.money(value, "fa-n-spending-part", label),
                "万元",
                *self.share(value, a.spending, "fa-n-spending-share", label),
            ]
        self.paragraph(*pieces, "。")

    def general_section(self) -> None:
        a = self.a
        self.heading(2, "五、一般公共预算财政拨款支出决算情况说明")
        self.heading(3, "（一）一般公共预算财政拨款支出决算总体情况")
        self.paragraph(
            "一般公共预算财政拨款支出",
            self.money(a.general_spending, "fa-n-general", "一般公共预算财政拨款支出"),
            "万元，占本年支出合计的",
            self.rate(percent(a.general_spending, a.spending), "fa-n-general-share", "占本年支出合计"),
            "%。",
            *self.change("一般公共预算财政拨款支出", a.general_spending, a.prior_general),
        )
        self.heading(3, "（二）一般公共预算财政拨款支出决算结构情况")
        pieces: list[Piece] = [
            "一般公共预算财政拨款支出",
            self.money(a.general_spending, "fa-n-general", "一般公共预算财政拨款支出"),
            "万元，主要用于以下方面：",
        ]
        classes = [(code, name, amount) for code, name, amount in a.rows("general", False) if len(code) == 3]
        for index, (_code, name, amount) in enumerate(classes):
            pieces += [
                ("；" if index else ""),
                f"{name}（类）",
                self.money(amount, "fa-n-class", name),
                "万元",
                *self.share(amount, a.general_spending, "fa-n-class-share", name),
            ]
        self.paragraph(*pieces, "。")
        self.heading(3, "（三）一般公共预算财政拨款支出决算具体情况")
        self.paragraph(
            "一般公共预算财政拨款支出",
            *self.budget_against_final(a.general_budget, a.general_spending, "fa-n-general"),
            "其中：",
        )
        for number, leaf in enumerate(a.general_leaves, 1):
            self.item(number, leaf.code, leaf.initial_budget, leaf.general, "fa-n-item")

    def item(self, number: int, code: str, budget: Decimal, actual: Decimal, role: str) -> None:
        names = [name for row_code, name, _ in self.a.rows("spending") if code.startswith(row_code)]
        self.paragraph(
            f"{number}、{names[0]}（类）{names[1]}（款）{names[2]}（项）。主要用于：{names[2]}方面的支出。",
            *self.budget_against_final(budget, actual, role),
        )

    def budget_against_final(self, budget: Decimal, actual: Decimal, role: str) -> list[Piece]:
        """'年初预算为X万元，支出决算为Y万元，完成年初预算的Z%。决算数大于预算数的主要原因：…。'"""
        pieces: list[Piece] = [
            "年初预算为",
            self.money(budget, role + "-budget", "年初预算"),
            "万元，支出决算为",
            self.money(actual, role + "-actual", "支出决算"),
            "万元",
        ]
        if budget:
            pieces += ["，完成年初预算的", self.rate(percent(actual, budget), role + "-rate", "完成年初预算"), "%"]
        if actual == budget:
            return pieces + ["。决算数与预算数", Word("持平", "comparison-word"), "。"]
        word = "大于" if actual > budget else "小于"
        return pieces + [
            "。决算数",
            Word(word, "comparison-word"),
            f"预算数的主要原因：{self.reason(actual > budget)}。",
        ]

    def three_public_section(self) -> None:
        a = self.a
        self.heading(2, "七、财政拨款“三公”经费支出决算情况说明")
        budget, actual, prior = a.three_public_budget, a.three_public, a.three_public_prior
        if actual.total == 0:
            self.paragraph(f"{a.name}{a.year}年度无“三公”经费财政拨款支出。")
            return
        self.heading(3, "（一）“三公”经费财政拨款支出决算总体情况说明")
        items = (
            ("因公出国（境）费决算为", budget.abroad, actual.abroad, "因公出国费"),
            ("公务用车购置及运行维护费支出决算为", budget.vehicle, actual.vehicle, "公务用车购置及运行费"),
            ("公务接待费支出决算为", budget.reception, actual.reception, "公务接待费"),
        )
        pieces: list[Piece] = [
            "“三公”经费财政拨款支出年初预算为",
            self.money(budget.total, "fa-n-three-budget", "三公经费"),
            "万元，支出决算为",
            self.money(actual.total, "fa-n-three-actual", "三公经费"),
            "万元，完成预算的",
            self.rate(percent(actual.total, budget.total), "fa-n-three-rate", "三公经费"),
            "%，其中：",
        ]
        for index, (text, item_budget, item_actual, label) in enumerate(items):
            pieces += [("；" if index else ""), text, self.money(item_actual, "fa-n-three-item", label), "万元"]
            if item_budget:
                pieces += [
                    "，完成预算的",
                    self.rate(percent(item_actual, item_budget), "fa-n-three-item-rate", label),
                    "%",
                ]
        word = "小于" if actual.total < budget.total else ("大于" if actual.total > budget.total else "")
        gap = (
            f"。{a.year}年度“三公”经费支出决算数{word}预算数的主要原因：{self.reason(word == '大于')}。"
            if word
            else f"。{a.year}年度“三公”经费支出决算数与预算数持平。"
        )
        self.paragraph(*pieces, gap)
        self.paragraph(
            f"{a.year}年度“三公”经费财政拨款支出决算",
            self.money(actual.total, "fa-n-three-actual", "三公经费"),
            "万元，",
            *self._three_change(actual, prior),
        )
        self.heading(3, "（二）“三公”经费财政拨款支出决算具体情况说明")
        shares: list[Piece] = ["“三公”经费财政拨款支出决算中，"]
        for index, (label, value, name) in enumerate(
            (
                ("因公出国（境）费支出决算", actual.abroad, "因公出国费"),
                ("公务用车购置及运行维护费支出决算", actual.vehicle, "公务用车购置及运行费"),
                ("公务接待费支出决算", actual.reception, "公务接待费"),
            )
        ):
            shares += [
                ("；" if index else ""),
                label,
                self.money(value, "fa-n-three-item", name),
                "万元",
                *self.share(value, actual.total, "fa-n-three-share", name),
            ]
        self.paragraph(*shares, "。具体情况如下：")
        s = a.statistics
        if actual.abroad:
            self.paragraph(
                "1、因公出国（境）费支出",
                self.money(actual.abroad, "fa-n-three-item", "因公出国费"),
                f"万元。全年安排因公出国（境）团组{s.abroad_groups}个、累计{s.abroad_people}人次。开支内容包括：参加国际交流合作的国际旅费、住宿费等。",
            )
        else:
            self.paragraph(
                "1、因公出国（境）费支出",
                self.money(actual.abroad, "fa-n-three-item", "因公出国费"),
                "万元。全年未安排因公出国（境）团组。",
            )
        self.paragraph(
            "2、公务用车购置及运行维护费支出",
            self.money(actual.vehicle, "fa-n-three-item", "公务用车购置及运行费"),
            "万元。其中：公务用车购置支出为",
            self.money(actual.vehicle_purchase, "fa-n-three-item", "公务用车购置费"),
            f"万元，购置公务用车{s.vehicles_bought}辆。公务用车运行维护支出",
            self.money(actual.vehicle_running, "fa-n-three-item", "公务用车运行费"),
            f"万元。主要用于公务用车燃料费、维修费、保险费等。{a.year}年，{a.name}所属各预算单位开支财政拨款的公务用车保有量为{s.vehicles_held}辆。",
        )
        self.paragraph(
            "3、公务接待费支出",
            self.money(actual.reception, "fa-n-three-item", "公务接待费"),
            "万元。其中：国内公务接待支出",
            self.money(actual.reception, "fa-n-domestic-reception", "国内公务接待"),
            "万元（含外宾接待支出",
            self.money(s.foreign_amount, "fa-n-foreign", "外宾接待"),
            "万元）。主要用于上级部门检查指导工作等公务接待，"
            f"共接待{s.reception_batches}批次、{s.reception_people}人次，其中：接待外宾{s.foreign_batches}批次、{s.foreign_people}人次。",
        )

    def _three_change(self, actual: ThreePublic, prior: ThreePublic) -> list[Piece]:
        delta = actual.total - prior.total
        if delta == 0:
            pieces: list[Piece] = ["与", self.prior_year(), "年度", Word("持平", "yoy-word"), "。"]
        else:
            up = delta > 0
            pieces = [
                "比",
                self.prior_year(),
                "年度",
                Word("增加" if up else "减少", "yoy-word"),
                self.money(abs(delta), "fa-yoy-amount", "三公经费"),
                "万元",
            ]
            if prior.total:
                pieces += [
                    "，",
                    Word("增长" if up else "下降", "yoy-rate-word"),
                    self.rate(percent(abs(delta), prior.total), "fa-yoy-rate", "三公经费"),
                    "%",
                ]
            pieces.append("。")
        pieces.append("其中：")
        for index, (label, now, then) in enumerate(
            (
                ("因公出国（境）费支出决算", actual.abroad, prior.abroad),
                ("公务用车购置及运行维护费支出决算", actual.vehicle, prior.vehicle),
                ("公务接待费支出决算", actual.reception, prior.reception),
            )
        ):
            pieces.append(("；" if index else "") + label)
            if now == then:
                pieces += ["与上年", Word("持平", "yoy-word")]
            else:
                pieces += [
                    Word("增加" if now > then else "减少", "yoy-word"),
                    self.money(abs(now - then), "fa-yoy-item", label),
                    "万元",
                ]
        return pieces + [f"。主要原因：{self.reason(actual.total > prior.total)}。"]

    def fund_section(self) -> None:
        a = self.a
        self.heading(2, "八、政府性基金预算财政拨款收入支出决算情况说明")
        if not a.fund_leaves:
            self.paragraph(f"{a.name}{a.year}年度无政府性基金预算财政拨款收入和支出。")
            return
        self.paragraph(
            "政府性基金预算财政拨款收入",
            self.money(a.fiscal("fiscal_income", True), "fa-n-fund", "政府性基金收入"),
            "万元，支出",
            self.money(a.fiscal("spending", True), "fa-n-fund", "政府性基金支出"),
            "万元，支出具体情况如下：",
        )
        for number, leaf in enumerate(a.fund_leaves, 1):
            self.item(number, leaf.code, leaf.initial_budget, leaf.fund_spending, "fa-n-fund-item")

    def performance_section(self) -> None:
        a, s = self.a, self.a.statistics
        self.heading(2, "十、预算绩效管理情况")
        grades = "，".join(f"绩效评级为“{grade}”的项目{count}个" for grade, count in zip(GRADES, s.grades))
        self.paragraph(
            f"{a.name}{a.year}年度预算绩效管理工作开展情况如下：本部门建立了如下预算绩效管理制度：《预算绩效管理办法》、"
            f"《项目支出绩效评价实施细则》，建立了事前评估、目标管理、运行监控、评价应用的预算绩效管理工作机制；"
            f"全过程绩效管理实施情况：编报绩效目标的{a.year}年度项目{s.targets[0]}个，涉及预算金额",
            self.money(s.targets[1], "fa-n-performance", "绩效目标"),
            f"万元；绩效跟踪评价的{a.year}年度项目{s.tracked[0]}个，涉及预算金额",
            self.money(s.tracked[1], "fa-n-performance", "跟踪评价"),
            f"万元；绩效自评的{a.year}年度项目{s.evaluated[0]}个，涉及预算金额",
            self.money(s.evaluated[1], "fa-n-performance", "绩效自评"),
            f"万元，平均得分{s.score}分（其中，{grades}。绩效自评中共发现问题{sum(s.problems)}个，"
            f"已经完成整改的{s.problems[0]}个，正在整改的{s.problems[1]}个）。",
        )

    def other_section(self) -> None:
        a, s = self.a, self.a.statistics
        self.heading(2, "十一、其他重要事项的情况说明")
        self.heading(3, "（一）机关运行经费支出情况")
        delta = a.running_cost - a.running_cost_prior
        pieces: list[Piece] = ["机关运行经费支出", self.money(a.running_cost, "fa-n-running", "机关运行经费"), "万元，"]
        if delta == 0:
            pieces += ["与", self.prior_year(), "年度", Word("持平", "yoy-word"), "。"]
        else:
            pieces += [
                "比",
                self.prior_year(),
                "年度",
                Word("增加" if delta > 0 else "减少", "yoy-word"),
                self.money(abs(delta), "fa-yoy-amount", "机关运行经费"),
                "万元",
            ]
            if a.running_cost_prior:
                pieces += [
                    "，",
                    Word("增长" if delta > 0 else "下降", "yoy-rate-word"),
                    self.rate(percent(abs(delta), a.running_cost_prior), "fa-yoy-rate", "机关运行经费"),
                    "%",
                ]
            pieces.append(f"。主要原因是{self.reason(delta > 0)}。")
        self.paragraph(*pieces)
        self.heading(3, "（二）政府采购支出情况")
        goods, works, services = s.procurement
        reserved, micro_reserved, won, micro_won, other = s.sme
        total = goods + works + services
        self.paragraph(
            f"{a.name}{a.year}年度政府采购金额（以合同签订为准）为",
            self.money(total, "fa-n-procurement", "政府采购金额"),
            "万元，其中：货物采购金额",
            self.money(goods, "fa-n-procurement", "货物"),
            "万元、工程采购金额",
            self.money(works, "fa-n-procurement", "工程"),
            "万元、服务采购金额",
            self.money(services, "fa-n-procurement", "服务"),
            f"万元。{a.year}年度本部门面向中小企业预留政府采购项目预算金额",
            self.money(reserved, "fa-n-sme", "中小企业预留"),
            "万元，面向小微企业预留政府采购项目预算金额",
            self.money(micro_reserved, "fa-n-sme", "小微企业预留"),
            "万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额",
            self.money(won, "fa-n-sme", "中小企业中标"),
            "万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额",
            self.money(micro_won, "fa-n-sme", "小微企业中标"),
            "万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额",
            self.money(other, "fa-n-sme", "其他中小企业中标"),
            "万元。",
        )
        self.heading(3, "（三）国有资产占有使用情况说明")
        kinds = "、".join(f"{kind}{count}辆" for kind, count in zip(VEHICLE_KINDS, s.vehicles))
        self.paragraph(
            f"截至{a.year}年12月31日，{a.name}共有车辆{sum(s.vehicles)}辆，其中：{kinds}。"
            f"单价100万元（含）以上设备（不含车辆）{s.equipment}台（套）。"
        )

    def glossary(self) -> None:
        self.heading(1, "第四部分 名词解释")
        terms = TERMS if self.a.nonfiscal_surplus_used else TERMS[:-1]
        for index, (term, text) in enumerate(terms, 1):
            self.paragraph(f"{chinese_number(index)}、{term}：{text}")
