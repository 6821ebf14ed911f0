"""The 情况说明 of a generated budget: headings and sentences with figures and YoY statements.

Sentences follow the templates both samples use ('一般公共服务支出685.46万元',
'比2023年增加44.2万元', '与上年持平'). A sentence figure is printed with 2 decimals and its
trailing zeros dropped (exact mode), or rounded half-up from the true value to 0, 1 or 2
decimals (rounding mode), which is how genuine rounding residues reach the narrative.
A stated change takes its direction from the printed table figures it compares, and its
amount from the true difference, as a publisher working from the unrounded ledger would.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Optional

from engine.testing.synth.budget import Budget, round_half_up
from engine.testing.synth.writer import Figure, Piece, Word, Writer


class StyledText:
    """Headings and paragraphs as each layout style writes them (A: `#` headings), shared by the
    预算 and 决算 narrative writers; they set `w` (the Writer) and `style`."""

    w: Writer
    style: str

    def heading(self, level: int, text: str) -> None:
        self.w.heading(("#" * level + " " + text) if self.style == "A" else text)
        self.w.blank()

    def paragraph(self, *pieces: Piece) -> None:
        self.w.write(*pieces)
        self.w.blank()


class NarrativeWriter(StyledText):
    def __init__(self, writer: Writer, budget: Budget, style: str, rng: random.Random, rounding: bool):
        self.w, self.b, self.style, self.rng, self.rounding = writer, budget, style, rng, rounding
        self.spaced = style == "B"

    @property
    def department(self) -> str:
        return f"重庆市{self.b.district}区{self.b.department}"


    def figure(self, value: Decimal, role: str, label: str, period: Optional[int] = None) -> Figure:
        decimals = self.rng.choice((0, 1, 2, 2)) if self.rounding else 2
        return Figure(value, decimals, role, label, period if period is not None else self.b.year, strip=True)

    def amount(self, label: str, value: Decimal, role: str, period: Optional[int] = None) -> list[Piece]:
        """'一般公共服务支出685.46万元' or, spaced, '一般公共服务支出 685.46 万元'."""
        space = " " if self.spaced else ""
        return [label, space, self.figure(value, role, label, period), space, "万元"]

    def change(self, subject: str, current: Decimal, prior: Decimal, lead: str = "，") -> list[Piece]:
        """'，比2023年增加44.2万元' / '，与上年持平' for a figure whose prior value is `prior`."""
        space = " " if self.spaced else ""
        year = self.b.year
        shown = round_half_up(current, 2) - round_half_up(prior, 2)
        if shown == 0:
            if self.rng.random() < 0.5:
                return [lead, Word("与上年持平", "yoy-word")]
            return [lead + "与", space, Word(str(year - 1), "comparison-year"), space, "年", Word("一样", "yoy-word")]
        delta = abs(current - prior)
        decimals = self.rng.choice((0, 1, 2)) if self.rounding else 2
        while decimals < 2 and round_half_up(delta, decimals) == 0:
            decimals += 1
        if round_half_up(delta, decimals) == 0:
            delta = abs(shown)
        word = "增加" if shown > 0 else "减少"
        figure = Figure(delta, decimals, "yoy-amount", subject, year, strip=True)
        # every change carries its reason, as the disclosure rules ask (BUD-Y05)
        reason = self.rng.choice(
            ("，主要原因是人员和工作任务变化", "，主要原因是落实过紧日子要求", "，主要原因是项目安排调整")
        )
        return [
            lead + "比",
            space,
            Word(str(year - 1), "comparison-year"),
            space,
            "年",
            Word(word, "yoy-word"),
            space,
            figure,
            space,
            "万元",
            reason,
        ]

    # ---- sections ------------------------------------------------------------------------------

    def write(self) -> None:
        b, year = self.b, self.b.year
        space = " " if self.spaced else ""
        self.w.blank(2)
        self.w.heading(
            f"# {self.department} {year}年部门预算情况说明"
            if self.style == "A"
            else f"{self.department} {year} 年部门预算情况说明"
        )
        self.w.blank()
        self.heading(2, "一、单位基本情况")
        self.heading(3, "（一）职能职责" if self.style == "A" else "（一）职能职责。")
        self.paragraph("（1）负责本单位职责范围内的各项工作。（2）完成区委、区政府交办的其他任务。")
        self.heading(2, "（二）单位构成" if self.style == "A" else "（二）单位构成。")
        self.paragraph(f"{b.department}内设{self.rng.randint(2, 6)}个科室，所属事业单位{self.rng.randint(0, 2)}个。")

        self.heading(2, "二、部门收支总体情况")
        income = [
            "（一）收入预算：",
            *self.amount(f"{year}年年初预算数", b.total, "narrative-total"),
            "，其中：",
            *self.amount("一般公共预算拨款", b.total, "narrative-income"),
            "，",
        ]
        for label in ("政府性基金预算拨款", "国有资本经营预算拨款", "事业收入"):
            income += [*self.amount(label, Decimal(0), "narrative-income"), "，"]
        income += [*self.amount("其他收入", Decimal(0), "narrative-income"), "。"]
        self.paragraph(*income)
        classes = b.class_totals()
        spending: list[Piece] = [
            "（二）支出预算：",
            *self.amount(f"{year}年年初预算数", b.total, "narrative-total"),
            "，其中：",
        ]
        for index, (name, value) in enumerate(classes):
            spending += [*self.amount(name, value, "narrative-class"), "。" if index == len(classes) - 1 else "，"]
        self.paragraph(*spending)
        self.paragraph("支出", *self.change("支出", b.total, b.prior_total, lead=""), "。")

        self.heading(3 if self.style == "A" else 2, "三、部门预算情况说明")
        general = [
            f"{year}{space}年",
            *self.amount("一般公共预算财政拨款收入", b.total, "narrative-general"),
            "，",
            *self.amount("一般公共预算财政拨款支出", b.total, "narrative-general"),
            *self.change("一般公共预算支出", b.total, b.prior_total),
            "。其中：",
            *self.amount("基本支出", b.basic, "narrative-basic"),
            *self.change("基本支出", b.basic, b.prior_basic),
            "，主要是人员变动；",
            *self.amount("项目支出", b.project, "narrative-project"),
            *self.change("项目支出", b.project, b.prior_project),
            "，主要是项目安排变化。",
        ]
        self.paragraph(*general)
        self.paragraph(f"{year}{space}年无使用政府性基金预算拨款安排的支出。")

        self.heading(3 if self.style == "A" else 2, "四、“三公”经费情况说明")
        now, before = b.three_public, b.three_public_prior
        three = [
            f"{year}{space}年",
            *self.amount("“三公”经费预算", now.total, "narrative-three-public"),
            *self.change("三公经费", now.total, before.total),
            "。其中：",
        ]
        items = (
            ("因公出国（境）费用", "因公出国费", now.abroad, before.abroad),
            ("公务接待费", "公务接待费", now.reception, before.reception),
            ("公务用车运行维护费", "公务用车运行费", now.vehicle_running, before.vehicle_running),
            ("公务用车购置费", "公务用车购置费", now.vehicle_purchase, before.vehicle_purchase),
        )
        for index, (label, concept, value, prior) in enumerate(items):
            three += [
                *self.amount(label, value, "narrative-three-public"),
                *self.change(concept, value, prior),
                "。" if index == len(items) - 1 else "；",
            ]
        self.paragraph(*three)

        self.heading(2, "五、其他重要事项的情况说明")
        self.paragraph(
            f"（一）机关运行经费。{year}{space}年",
            *self.amount("一般公共预算财政拨款运行经费", b.running_cost, "narrative-running"),
            *self.change("机关运行经费", b.running_cost, b.running_cost_prior),
            "，主要用于办公费、差旅费等。",
        )
        goods, works, services = b.procurement
        total = goods + works + services

        def split() -> list[Piece]:
            return [
                *self.amount("政府采购货物预算", goods, "narrative-procurement"),
                "、",
                *self.amount("政府采购工程预算", works, "narrative-procurement"),
                "、",
                *self.amount("政府采购服务预算", services, "narrative-procurement"),
            ]

        # all of it is funded from 一般公共预算 here, so that share repeats the split (BUD-G03)
        self.paragraph(
            "（二）政府采购情况。",
            *self.amount("所属各预算单位政府采购预算总额", total, "narrative-procurement"),
            "：",
            *split(),
            "；其中",
            *self.amount("一般公共预算拨款政府采购", total, "narrative-procurement"),
            "：",
            *split(),
            "。",
        )
        self.paragraph(
            f"（三）绩效目标设置情况。{year}{space}年项目支出均实行了绩效目标管理，",
            *self.amount("涉及一般公共预算财政拨款", b.project, "narrative-performance"),
            "。",
        )
        general_cars, duty_cars = b.vehicles
        self.paragraph(
            f"（四）国有资产占有使用情况。截至{space}{year - 1}{space}年{space}12{space}月，所属各预算单位共有车辆"
            f"{space}{general_cars + duty_cars}{space}辆，其中一般公务用车{space}{general_cars}{space}辆、"
            f"执勤执法用车{space}{duty_cars}{space}辆。"
        )
        self.heading(2, "六、专业性名词解释")
        self.paragraph("（一）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。")
        self.paragraph("（二）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
        self.paragraph(
            "（三）机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。"
        )
        self.paragraph(
            "（四）政府采购：指使用财政性资金采购依法制定的集中采购目录以内的或者采购限额标准以上的货物、工程和服务的行为。"
        )
        self.paragraph(
            f"部门预算公开联系人：{self.rng.choice('王李张刘陈杨')}老师      "
            f"联系方式：023-6{self.rng.randint(1000000, 9999999)}"
        )
