"""The standard tables of a 部门预算, written in style A (markdown headings) or B (附件, page breaks).

Layouts mirror the two sample documents: a title line, a 单位：万元 line, one to three header
rows, tab-separated body rows, and a 备注 note under an empty table. Style B splits long tables
over a page break by repeating the title, the unit line and the header rows. Titles use the
aliases of `rules/vocabulary.toml`. Zero amounts are left blank, as both samples do.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Optional

from engine.testing.synth.budget import ALL_CLASSES, PROJECT_FUNDING, Budget, Project
from engine.testing.synth.writer import Figure, Piece, TableLayout, Writer, cell

NUMERALS = "一二三四五六七八九十"


def chinese_number(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 28 -> 二十八."""
    tens, ones = divmod(number, 10)
    text = ("" if tens <= 1 else NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (NUMERALS[ones - 1] if ones else "")


class TableWriter:
    """Writes the tables of one budget in one style."""

    def __init__(self, writer: Writer, budget: Budget, style: str):
        self.w, self.b, self.style = writer, budget, style
        self.annex = 0

    @property
    def department(self) -> str:
        return f"重庆市{self.b.district}区{self.b.department}"

    def title(self, name: str, with_year: bool = True) -> str:
        if self.style == "A":
            return f"{self.department}{name}"
        year = f" {self.b.year} 年" if with_year else ""
        return f"{self.department}{year}{name}"

    def table(self, kind: str, name: str, header: Sequence[Sequence[Piece]], body: Sequence[Sequence[Piece]],
              note: Optional[str] = None, page: Optional[int] = None, continued_header=None,
              with_year: bool = True, meta: Optional[str] = None, heading: str = "##") -> None:
        title = self.title(name, with_year)
        self.w.where = title
        first = self.w.next_line
        if self.style == "B":
            self.annex += 1
            self.w.write(f"附件 {self.annex}")
            self.w.blank()
        parts = [body] if self.style == "A" or not page or len(body) <= page else [body[:page], body[page:]]
        header_cells: list[tuple[str, ...]] = []
        body_cells: list[tuple[str, ...]] = []
        for index, part in enumerate(parts):
            self.w.write(f"{heading} {title}" if self.style == "A" else title)
            self.w.blank()
            if meta and index == 0:
                self.w.write(meta)
                self.w.blank()
            self.w.write("单位：万元")
            self.w.blank()
            if index == 0 or continued_header is None:
                self.w.rows(header, header_cells if index == 0 else None)
            else:
                self.w.rows(continued_header)
            self.w.rows(part, body_cells)
            self.w.blank()
        printed_note = None
        if note:
            printed_note = note if self.style == "A" else f"（{note}）"
            self.w.write(printed_note)
            self.w.blank()
        self.w.tables.append((kind, first, self.w.next_line - 1))
        self.w.layouts.append(TableLayout(kind, f"附件 {self.annex}" if self.style == "B" else None, title, meta,
                                          "单位：万元", tuple(header_cells), tuple(body_cells), printed_note,
                                          first, self.w.next_line - 1))
        self.w.where = "narrative"

    # ---- the tables --------------------------------------------------------------------------

    def fiscal_summary(self) -> None:
        b, year = self.b, self.b.year
        total = b.total
        income_side = "一、本年收入" if self.style == "A" else "一、本年收入"
        header = [
            [
                f"{year}年收入" if self.style == "A" else "收入",
                "",
                f"{year}年支出" if self.style == "A" else "支出",
                "",
                "",
                "",
                "",
            ],
            [
                "项目",
                "预算数",
                "项目" if self.style == "A" else "支出科目",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
            ],
        ]
        left: list[list[Piece]] = [[income_side, cell(total, "fiscal-income-current", income_side, year)]]
        sources = (
            ("一般公共预算资金", "政府性基金预算资金", "国有资本经营预算资金")
            if self.style == "A"
            else ("(一) 一般公共预算拨款", "(二) 政府性基金预算拨款", "(三) 国有资本经营预算拨款")
        )
        left.append([sources[0], cell(total, "fiscal-income-item", sources[0], year)])
        left.extend([[label, None] for label in sources[1:]])
        left.append(["二、上年结转", None])
        carried = ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营收入") if self.style == "A" else sources
        left.extend([[label, None] for label in carried])
        right: list[list[Piece]] = [
            [
                "一、本年支出",
                cell(total, "fiscal-expenditure-current", "一、本年支出", year),
                cell(total, "fiscal-expenditure-general", "一、本年支出", year),
                None,
                None,
            ]
        ]
        right.extend(
            self._class_rows(
                lambda label, value: [
                    label,
                    cell(value, "fiscal-class", label, year),
                    cell(value, "fiscal-class-general", label, year),
                    None,
                    None,
                ],
                numbered="({})",
            )
        )
        right.append(["二、结转下年", None, None, None, None])
        body = _panels(left, right, 2, 5)
        closing = "收入合计" if self.style == "A" else "收入总计"
        body.append(
            [
                closing,
                cell(total, "fiscal-total", closing, year),
                closing.replace("收入", "支出"),
                cell(total, "fiscal-total", "支出", year),
                cell(total, "fiscal-total-general", "支出", year),
                None,
                None,
            ]
        )
        continued = [header[0], ["项目", "预算数", "支出科目", "合计", "一般公共预", "政府性基金", "国有资本经"]]
        self.table("财政拨款收支总表", "财政拨款收支总表", header, body, page=16, continued_header=continued)

    def department_summary(self) -> None:
        b, year = self.b, self.b.year
        total = b.total
        header = [
            [
                f"{year}年收入" if self.style == "A" else "收入",
                "",
                f"{year}年支出" if self.style == "A" else "支出",
                "",
            ],
            ["项目", "预算数", "项目", "预算数"],
        ]
        if self.style == "A":
            sources = (
                "一般公共预算资金",
                "政府性基金预算资金",
                "国有资本经营预算资金",
                "财政专户管理资金",
                "事业收入资金",
                "上级补助收入资金",
                "附属单位上缴收入资金",
                "事业单位经营收入资金",
                "其他收入资金",
            )
        else:
            sources = (
                "一般公共预算拨款收入",
                "政府性基金预算拨款收入",
                "国有资本经营预算拨款收入",
                "财政专户管理资金收入",
                "事业收入",
                "上级补助收入",
                "附属单位上缴收入",
                "事业单位经营收入",
                "其他收入",
            )
        left = [[sources[0], cell(total, "summary-income", sources[0], year)]] + [
            [label, None] for label in sources[1:]
        ]
        right = self._class_rows(
            lambda label, value: [label, cell(value, "summary-class", label, year)], numbered="{}、"
        )
        body = _panels(left, right, 2, 2)
        if self.style == "A":
            body.insert(
                0,
                [
                    "合计",
                    cell(total, "summary-total", "合计", year),
                    "合计",
                    cell(total, "summary-total", "合计", year),
                ],
            )
        else:
            body.append(
                [
                    "本年收入合计",
                    cell(total, "summary-current-total", "本年收入合计", year),
                    "本年支出合计",
                    cell(total, "summary-current-total", "本年支出合计", year),
                ]
            )
            body.append(["上年结转", None, "结转下年", None])
            body.append(
                [
                    "收入总计",
                    cell(total, "summary-total", "收入总计", year),
                    "支出总计",
                    cell(total, "summary-total", "支出总计", year),
                ]
            )
        self.table("部门收支总表", "部门收支总表", header, body, page=19)

    def _class_rows(self, make, numbered: str) -> list[list[Piece]]:
        """Right-panel rows of the 功能类: style A lists the budget's classes, B all 28, numbered."""
        totals = dict(self.b.class_totals())
        if self.style == "A":
            return [make(name, value) for name, value in totals.items()]
        return [
            make(
                numbered.format(chinese_number(index)) + (" " if numbered.startswith("(") else "") + name,
                totals.get(name, Decimal(0)),
            )
            for index, name in enumerate(ALL_CLASSES, 1)
        ]

    def general_expenditure(self) -> None:
        b, year = self.b, self.b.year
        if self.style == "A":
            header = [
                ["功能分类科目", "", f"{year - 1}年预算数", f"{year}年预算数", "", ""],
                ["科目编码", "科目名称", "", "总计", "基本支出", "项目支出"],
            ]
        else:
            header = [
                ["单位/科目编码", "单位/科目名称", f"{year - 1} 年预算数", f"{year} 年预算数", "", ""],
                ["", "", "", "总计", "基本支出", "项目支出"],
            ]
        totals = [b.prior_total, b.total, b.basic, b.project]
        body: list[Sequence[Piece]]  # rows of texts and figures
        body = [self._total_label() + self._amounts(totals, "function-total-row", "合计", prior=True)]
        for code, name, prior, total, basic, project in b.function_rows():
            body.append(
                [code, name]
                + self._amounts([prior, total, basic, project], "function-row", f"{code} {name}", prior=True)
            )
        self.table(
            "一般公共预算支出表",
            "一般公共预算财政拨款支出预算表",
            header,
            body,
            note="备注：本表反映当年一般公共预算财政拨款支出情况。",
        )

    def department_expenditure(self) -> None:
        b = self.b
        header = [["科目编码", "科目名称", "总计", "基本支出", "项目支出"]]
        body: list[Sequence[Piece]]  # rows of texts and figures
        body = [self._total_label() + self._amounts([b.total, b.basic, b.project], "function-total-row", "合计")]
        for code, name, _, total, basic, project in b.function_rows():
            body.append([code, name] + self._amounts([total, basic, project], "function-row", f"{code} {name}"))
        self.table("部门支出总表", "部门支出总表", header, body, with_year=False)

    def department_income(self) -> None:
        """部门收入总表: every subject of the budget funded from 一般公共预算 (the only source here)."""
        b = self.b
        header = [["科目编码", "科目名称", "合计", "一般公共预算拨款收入"]]
        body: list[Sequence[Piece]]  # rows of texts and figures
        body = [self._total_label() + self._amounts([b.total, b.total], "function-total-row", "合计")]
        for code, name, _, total, _, _ in b.function_rows():
            body.append([code, name] + self._amounts([total, total], "function-row", f"{code} {name}"))
        self.table("部门收入总表", "部门收入总表", header, body, with_year=False)

    def basic_expenditure(self) -> None:
        b, year = self.b, self.b.year
        if self.style == "A":
            header = [
                ["经济分类科目", "", f"{year}年基本支出", "", ""],
                ["科目编码", "科目名称", "总计", "人员经费", "公用经费"],
            ]
        else:
            header = [
                ["科目编码", "科目名称", f"{year} 年基本支出", "", ""],
                ["", "", "总计", "人员经费", "日常公用经费"],
            ]
        body: list[Sequence[Piece]]  # rows of texts and figures
        body = [self._total_label() + self._amounts([b.basic, b.personnel, b.public], "economic-total-row", "合计")]
        for code, name, total, personnel, public in b.economic_rows():
            body.append([code, name] + self._amounts([total, personnel, public], "economic-row", f"{code} {name}"))
        self.table(
            "基本支出表",
            "一般公共预算财政拨款基本支出预算表",
            header,
            body,
            page=max(6, len(body) // 2),
            continued_header=header,
            with_year=False,
        )

    def three_public(self) -> None:
        year = self.b.year
        if self.style == "A":
            names = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
            subs = ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]
            years = [f"{year - 1}年预算数", f"{year}年预算数"]
        else:
            names = ["总计", "因公出国 (境)费用", "公务用车购置及运行费", "", "", "公务接待 费"]
            subs = ["", "", "小计", "公务用车 购置", "公务用车 运行维护 费", ""]
            years = [f"{year - 1} 年预算数", f"{year} 年预算数"]
        header = [[years[0]] + [""] * 5 + [years[1]] + [""] * 5, names + names, subs + subs]
        row: list[Piece] = []
        for values, role, period in (
            (self.b.three_public_prior, "three-public-prior", year - 1),
            (self.b.three_public, "three-public", year),
        ):
            labels = ("合计", "因公出国费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")
            amounts = (
                values.total,
                values.abroad,
                values.vehicle,
                values.vehicle_purchase,
                values.vehicle_running,
                values.reception,
            )
            row.extend(cell(amount, role, label, period) for amount, label in zip(amounts, labels))
        self.table("三公经费表", "一般公共预算“三公”经费支出表", header, [row])

    def fund_expenditure(self) -> None:
        year = self.b.year
        label = f"{year}年预算数" if self.style == "A" else "本年政府性基金预算财政拨款支出"
        header = [["科目编码", "科目名称", label, "", ""], ["", "", "总计", "基本支出", "项目支出"]]
        note = (
            "备注：本部门无政府性基金收支，故此表无数据。"
            if self.style == "A"
            else "备注：本单位无政府性基金收支，故此表无数据。"
        )
        self.table("政府性基金支出表", "政府性基金预算支出表", header, [["", "合计", "", "", ""]], note=note)

    def procurement(self) -> None:
        goods, works, services = self.b.procurement
        header = [["项目", "总计", "一般公共预算 拨款收入"]]
        rows = [("合计", goods + works + services), ("货物类", goods), ("工程类", works), ("服务类", services)]
        body = [[label, cell(value, "procurement", label), cell(value, "procurement", label)] for label, value in rows]
        empty = goods + works + services == 0
        self.table(
            "政府采购预算表",
            f"{self.b.year}年采购预算明细表",
            header,
            body,
            with_year=False,
            note="备注：本部门无政府采购预算，故此表无数据。" if empty else None,
        )

    def project_list(self) -> None:
        projects = self.b.projects
        if self.b.project_funding is not None:
            self._grouped_project_list()
            return
        header = [["序号", "预算单位", "项目名称", "合计", "一般公共预算拨款"]]
        total = sum((project.amount for project in projects), Decimal(0))
        body = [["", "", "合计", cell(total, "project-total", "合计"), cell(total, "project-total", "合计")]]
        for index, project in enumerate(projects, 1):
            amount = Figure(project.amount, 2, "project", project.name, strip=True)
            body.append(
                [
                    str(index),
                    self.b.department,
                    project.name,
                    amount,
                    Figure(project.amount, 2, "project", project.name, strip=True),
                ]
            )
        self.table("项目支出表", "项目支出明细表", header, body)

    def _grouped_project_list(self) -> None:
        """The list with its funding columns in header groups, each with its own 小计 (as 002's)."""
        groups = list(dict.fromkeys(group for group, _ in PROJECT_FUNDING))
        members = {
            group: [index for index, (owner, _) in enumerate(PROJECT_FUNDING) if owner == group] for group in groups
        }
        top, below = ["序号", "预算单位", "项目名称", "合计"], ["", "", "", ""]
        for group in groups:
            top += [group] + [""] * len(members[group])
            below += ["小计"] + [PROJECT_FUNDING[index][1] for index in members[group]]

        def funding_cells(amounts: list[Decimal], label: str, strip: bool) -> list:
            cells: list = []
            for group in groups:
                subtotal = sum((amounts[index] for index in members[group]), Decimal(0))
                cells.append(cell(subtotal, "project-subtotal", label, strip=strip))
                cells += [cell(amounts[index], "project-funding", label, strip=strip) for index in members[group]]
            return cells

        # each project's amount in its own funding column, zero in the others
        assert self.b.project_funding is not None  # project_list groups the columns only when they are given
        rows = [
            [project.amount if index == column else Decimal(0) for index in range(len(PROJECT_FUNDING))]
            for project, column in zip(self.b.projects, self.b.project_funding)
        ]
        totals = [sum(column, Decimal(0)) for column in zip(*rows)] if rows else [Decimal(0)] * len(PROJECT_FUNDING)
        total = sum((project.amount for project in self.b.projects), Decimal(0))
        body = [["", "", "合计", cell(total, "project-total", "合计")] + funding_cells(totals, "合计", False)]
        for index, (project, amounts) in enumerate(zip(self.b.projects, rows), 1):
            body.append(
                [
                    str(index),
                    self.b.department,
                    project.name,
                    Figure(project.amount, 2, "project", project.name, strip=True),
                ]
                + funding_cells(amounts, project.name, True)
            )
        self.table("项目支出表", "项目支出明细表", [top, below], body)

    def overall_goal(self) -> None:
        b = self.b
        weight_header = "权重" if self.style == "A" else "指标权重"
        header: list[list[Piece]]
        body: list[list[Piece]]
        header = [
            [
                "部门名称",
                f"111-{self.department}",
                "部门支出预算总额（万元）",
                cell(b.total, "goal-total", "部门支出预算总额"),
            ],
            ["当年整体绩效目标", "履行职能职责，完成年度工作任务，保障机构正常运转。", "", ""],
            [
                "绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "计量单位",
                "指标性质",
                "指标值",
                weight_header,
                "是否是核心指标",
            ],
        ]
        body = [
            [
                "",
                item.level1,
                item.level2,
                item.name,
                item.unit,
                item.nature,
                str(item.value),
                Figure(Decimal(item.weight), 0, "weight", item.name, unit=""),
                "是",
            ]
            for item in b.goal_indicators
        ]
        name = "部门（单位）整体支出绩效目标表" if self.style == "A" else "部门预算整体绩效目标表"
        self.table(
            "整体绩效目标表",
            f"{b.year}年{name}" if self.style == "A" else name,
            header[:2],
            [header[2]] + body,
            with_year=self.style == "B",
        )

    def project_goal(self, project: Project) -> None:
        b = self.b
        amount = Figure(project.amount, 2, "project-amount", project.name)
        weight = Figure(Decimal(project.execution_weight), 0, "weight", "预算执行率权重", unit="")
        head: list[list[Piece]]
        body: list[list[Piece]]
        if self.style == "A":
            head = [
                ["项目名称", f"{project.code}-{project.name}", "业务主管部门", self.department, ""],
                ["预算执行率权重", weight, "项目分类", "一般性项目", ""],
                [
                    "当年预算（万元）",
                    amount,
                    "本级安排（万元）",
                    Figure(project.amount, 2, "project-amount", project.name),
                    "",
                ],
                ["项目概述", f"用于{project.name}相关工作。", "", "", ""],
                [
                    "绩效指标",
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "指标权重",
                    "计量单位",
                    "指标性质",
                    "指标值",
                    "是否核心指标",
                ],
            ]
            body = [
                [
                    "",
                    item.level1,
                    item.level2,
                    item.name,
                    Figure(Decimal(item.weight), 0, "weight", item.name, unit=""),
                    item.unit,
                    item.nature,
                    str(item.value),
                    "是",
                ]
                for item in project.indicators
            ]
            self.table(
                "项目绩效目标表",
                f"{b.year}年项目支出绩效目标表",
                head[:1],
                head[1:] + body,
                with_year=False,
                meta=f"编制单位：111001-{self.department}（本级）",
                heading="###",
            )
        else:
            head = [
                ["项目名称", f"{project.code}-{project.name}", "", "", "", "", "", ""],
                ["主管部门", self.department, "实施单位", "", "", self.department, "", ""],
                ["资金总额（万元）", amount, "项目属性", "", "", "新增", "", ""],
                ["项目概况", f"用于{project.name}相关工作。", "", "", "", "", "", ""],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标性质", "度量单位", "权重"],
            ]
            body = [
                [
                    "",
                    item.level1,
                    item.level2,
                    item.name,
                    str(item.value),
                    item.nature,
                    item.unit,
                    Figure(Decimal(item.weight), 0, "weight", item.name, unit=""),
                ]
                for item in project.indicators
            ]
            self.table("项目绩效目标表", "区级预算绩效目标申报表", head[:1], head[1:] + body)

    # ---- helpers -------------------------------------------------------------------------------

    def _total_label(self) -> list[Piece]:
        return ["合计", ""] if self.style == "A" else ["", "合计"]

    def _amounts(self, values: list[Decimal], role: str, label: str, prior: bool = False) -> list[Piece]:
        year = self.b.year
        periods = [year - 1] + [year] * (len(values) - 1) if prior else [year] * len(values)
        roles = [role + "-prior"] + [role] * (len(values) - 1) if prior else [role] * len(values)
        return [cell(value, each_role, label, period) for value, each_role, period in zip(values, roles, periods)]


def _panels(
    left: Sequence[Sequence[Piece]], right: Sequence[Sequence[Piece]], left_width: int, right_width: int
) -> list[list[Piece]]:
    """Two-panel rows (income | expenditure) side by side, the shorter panel padded with blanks."""
    rows = []
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else ["", None][:left_width] + [None] * (left_width - 2)
        b = right[index] if index < len(right) else [""] + [None] * (right_width - 1)
        rows.append(list(a) + list(b))
    return rows
