"""The nine tables of a 部门决算 (Shanghai 2024 template, research/final-accounts.md §2.2).

Style A writes each title as a markdown heading ('## 收入支出决算总表'), style B as a plain line,
and splits the long two-panel tables over a page break (title, unit line and header repeated),
as the samples of each style do. Style B's two-panel tables list the template's 24 功能类, filled
or not; style A lists the classes with spending. Zero amounts are left blank, as publishers do;
an empty 基金/国资 table keeps its header and gets the template's note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Optional

from engine.testing.synth.final import ECONOMIC_NAMES, FinalAccount
from engine.testing.synth.tables import chinese_number
from engine.testing.synth.writer import Piece, TableLayout, Writer, cell

TEMPLATE_CLASSES = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
    "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
    "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出",
    "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出",
    "抗疫特别国债安排的支出",
)
INCOME_ROWS = ("一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
               "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入")
FISCAL_ROWS = ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
ZERO = Decimal(0)


class FinalTableWriter:
    def __init__(self, writer: Writer, account: FinalAccount, style: str):
        self.w, self.a, self.style = writer, account, style

    def table(self, kind: str, title: str, header: Sequence[Sequence[Piece]], body: Sequence[Sequence[Piece]],
              note: str, empty_note: Optional[str] = None, page: Optional[int] = None) -> None:
        self.w.where = title
        first = self.w.next_line
        parts = [body] if self.style == "A" or not page or len(body) <= page else [body[:page], body[page:]]
        header_cells: list[tuple[str, ...]] = []
        body_cells: list[tuple[str, ...]] = []
        for index, part in enumerate(parts):
            self.w.write(f"## {title}" if self.style == "A" else title)
            self.w.blank()
            self.w.write("单位：万元")
            self.w.blank()
            self.w.rows(header, header_cells if index == 0 else None)
            self.w.rows(part, body_cells)
            self.w.blank()
        printed_note = f"注：{note}"
        self.w.write(printed_note)
        self.w.blank()
        if empty_note:
            self.w.write(empty_note)
            self.w.blank()
        self.w.tables.append((kind, first, self.w.next_line - 1))
        self.w.layouts.append(TableLayout(kind, None, title, None, "单位：万元", tuple(header_cells), tuple(body_cells),
                                          printed_note, first, self.w.next_line - 1))
        self.w.where = "narrative"

    def money(self, value: Decimal, role: str, label: str) -> Optional[Piece]:
        return cell(value, role, label, self.a.year)

    def class_rows(self, make: Callable[[str, str, str], list[Piece]]) -> list[list[Piece]]:
        """Right-panel rows of the 功能类, numbered '一、…': the account's classes (A) or all 24 (B)."""
        spent = {name: code for code, name in self.a.classes()}
        names = [name for name in TEMPLATE_CLASSES if name in spent] if self.style == "A" else list(TEMPLATE_CLASSES)
        return [
            make(f"{chinese_number(index)}、{name}", name, spent.get(name, "")) for index, name in enumerate(names, 1)
        ]

    def class_amount(self, code: str, attribute: str, fund: Optional[bool] = None) -> Decimal:
        return (
            next((amount for row_code, _, amount in self.a.rows(attribute, fund) if row_code == code), ZERO)
            if code
            else ZERO
        )

    # ---- T1 ------------------------------------------------------------------------------------

    def summary(self) -> None:
        a = self.a
        income = (
            a.fiscal("fiscal_income", False),
            a.fiscal("fiscal_income", True),
            ZERO,
            ZERO,
            a.business_income,
            ZERO,
            ZERO,
            a.other_income,
        )
        left = [[label, self.money(value, "fa-income-row", label)] for label, value in zip(INCOME_ROWS, income)]
        right = self.class_rows(
            lambda label, name, code: [label, self.money(self.class_amount(code, "spending"), "fa-class-row", name)]
        )
        body = _panels(left, right, 2)
        closing = a.total - a.spending  # 结余分配 is 0
        body += [
            [
                "本年收入合计",
                self.money(a.income, "fa-income-total", "本年收入合计"),
                "本年支出合计",
                self.money(a.spending, "fa-spending-total", "本年支出合计"),
            ],
            [
                "使用非财政拨款结余",
                self.money(a.nonfiscal_surplus_used, "fa-surplus", "使用非财政拨款结余"),
                "结余分配",
                None,
            ],
            [
                "年初结转和结余",
                self.money(a.fiscal_opening, "fa-opening", "年初结转和结余"),
                "年末结转和结余",
                self.money(closing, "fa-closing", "年末结转和结余"),
            ],
            ["总计", self.money(a.total, "fa-total", "收入总计"), "总计", self.money(a.total, "fa-total", "支出总计")],
        ]
        header = [["收入", "", "支出", ""], ["项目", "决算数", "项目", "决算数"]]
        self.table(
            "部门收支总表", "收入支出决算总表", header, body, "本表反映部门本年度的总收支和年末结转结余情况。", page=16
        )

    # ---- T2, T3 --------------------------------------------------------------------------------

    def income(self) -> None:
        a = self.a
        header = [
            [
                "科目编码",
                "科目名称",
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入",
            ]
        ]
        body: list[list[Piece]] = [
            self._income_row(
                "", "合计", a.income, a.fiscal_income, a.business_income, a.other_income, "fa-income-table-total"
            )
        ]
        fiscal = {code: amount for code, _, amount in a.rows("fiscal_income")}
        for code, name, _ in a.rows("fiscal_income"):
            leaves = [leaf for leaf in a.leaves if leaf.code.startswith(code)]
            business = sum((leaf.nonfiscal_income[0] for leaf in leaves), ZERO)
            other = sum((leaf.nonfiscal_income[1] for leaf in leaves), ZERO)
            body.append(
                self._income_row(
                    code, name, fiscal[code] + business + other, fiscal[code], business, other, "fa-income-table-row"
                )
            )
        self.table("部门收入总表", "收入决算表", header, body, "本表反映部门本年度取得的各项收入情况。")

    def _income_row(self, code, name, total, fiscal, business, other, role) -> list[Piece]:
        return [
            code,
            name,
            self.money(total, role, name),
            self.money(fiscal, role, name),
            None,
            self.money(business, role, name),
            None,
            None,
            self.money(other, role, name),
        ]

    def expenditure(self) -> None:
        a = self.a
        header = [
            [
                "科目编码",
                "科目名称",
                "本年支出合计",
                "基本支出",
                "项目支出",
                "上缴上级支出",
                "经营支出",
                "对附属单位补助支出",
            ]
        ]
        body: list[list[Piece]] = [
            [
                "",
                "合计",
                self.money(a.spending, "fa-expenditure-table-total", "合计"),
                self.money(a.basic, "fa-expenditure-table-total", "基本支出"),
                self.money(a.project, "fa-expenditure-table-total", "项目支出"),
                None,
                None,
                None,
            ]
        ]
        basics = {code: amount for code, _, amount in a.rows("total_basic")}
        projects = {code: amount for code, _, amount in a.rows("project")}
        for code, name, amount in a.rows("spending"):
            body.append(
                [
                    code,
                    name,
                    self.money(amount, "fa-expenditure-table-row", name),
                    self.money(basics[code], "fa-expenditure-table-row", name),
                    self.money(projects[code], "fa-expenditure-table-row", name),
                    None,
                    None,
                    None,
                ]
            )
        self.table("部门支出总表", "支出决算表", header, body, "本表反映部门本年度各项支出情况。")

    # ---- T4 ------------------------------------------------------------------------------------

    def fiscal_summary(self) -> None:
        a = self.a
        general, fund = a.fiscal("fiscal_income", False), a.fiscal("fiscal_income", True)
        left: list[list[Piece]] = [
            [FISCAL_ROWS[0], self.money(general, "fa-fiscal-income-row", FISCAL_ROWS[0])],
            [FISCAL_ROWS[1], self.money(fund, "fa-fiscal-income-row", FISCAL_ROWS[1])],
            [FISCAL_ROWS[2], None],
        ]

        def row(label: str, name: str, code: str) -> list[Piece]:
            g, f = self.class_amount(code, "general", False), self.class_amount(code, "fund_spending", True)
            role = "fa-fiscal-class-row"
            return [label, self.money(g + f, role, name), self.money(g, role, name), self.money(f, role, name), None]

        right = self.class_rows(row)
        body = _panels(left, right, 2)
        closing_general, closing_fund = a.fiscal("closing", False), a.fiscal("closing", True)
        opening_general, opening_fund = a.fiscal("opening", False), a.fiscal("opening", True)
        spending_general, spending_fund = a.general_spending, a.fiscal("spending", True)
        body += [
            [
                "本年收入合计",
                self.money(a.fiscal_income, "fa-fiscal-income-total", "本年收入合计"),
                "本年支出合计",
                self.money(a.fiscal_spending, "fa-fiscal-spending-total", "本年支出合计"),
                self.money(spending_general, "fa-fiscal-spending-total", "一般公共预算财政拨款"),
                self.money(spending_fund, "fa-fiscal-spending-total", "政府性基金预算财政拨款"),
                None,
            ],
            [
                "年初财政拨款结转和结余",
                self.money(a.fiscal_opening, "fa-fiscal-opening", "年初财政拨款结转和结余"),
                "年末财政拨款结转和结余",
                self.money(a.fiscal_closing, "fa-fiscal-closing", "年末财政拨款结转和结余"),
                self.money(closing_general, "fa-fiscal-closing", "一般公共预算财政拨款"),
                self.money(closing_fund, "fa-fiscal-closing", "政府性基金预算财政拨款"),
                None,
            ],
            [
                FISCAL_ROWS[0],
                self.money(opening_general, "fa-fiscal-opening-row", FISCAL_ROWS[0]),
                "",
                None,
                None,
                None,
                None,
            ],
            [
                FISCAL_ROWS[1],
                self.money(opening_fund, "fa-fiscal-opening-row", FISCAL_ROWS[1]),
                "",
                None,
                None,
                None,
                None,
            ],
            [FISCAL_ROWS[2], None, "", None, None, None, None],
            [
                "总计",
                self.money(a.fiscal_total, "fa-fiscal-total", "收入总计"),
                "总计",
                self.money(a.fiscal_total, "fa-fiscal-total", "支出总计"),
                self.money(spending_general + closing_general, "fa-fiscal-total", "一般公共预算财政拨款"),
                self.money(spending_fund + closing_fund, "fa-fiscal-total", "政府性基金预算财政拨款"),
                None,
            ],
        ]
        header = [
            ["收入", "", "支出", "", "", "", ""],
            [
                "项目",
                "决算数",
                "项目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ],
        ]
        self.table(
            "财政拨款收支总表",
            "财政拨款收入支出决算总表",
            header,
            body,
            "本表反映部门本年度财政拨款总收支和结转结余情况。",
            page=14,
        )

    # ---- T5, T6, T7 ----------------------------------------------------------------------------

    def general_expenditure(self) -> None:
        a = self.a
        basics = {code: amount for code, _, amount in a.rows("basic", False)}
        projects = {code: amount for code, _, amount in a.rows("project", False)}
        body: list[list[Piece]] = []
        for code, name, amount in a.rows("general", False):
            body.append(
                [
                    code,
                    name,
                    self.money(amount, "fa-general-row", name),
                    self.money(basics[code], "fa-general-row", name),
                    self.money(projects[code], "fa-general-row", name),
                ]
            )
        body.append(
            [
                "",
                "合计",
                self.money(a.general_spending, "fa-general-total", "合计"),
                self.money(a.general_basic, "fa-general-total", "基本支出"),
                self.money(a.general_project, "fa-general-total", "项目支出"),
            ]
        )
        self.table(
            "一般公共预算支出表",
            "一般公共预算财政拨款支出决算表",
            [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
            body,
            "本表反映部门本年度一般公共预算财政拨款支出情况。",
        )

    def basic_expenditure(self) -> None:
        a = self.a

        def panel(classes: tuple[str, ...]) -> list[list[Piece]]:
            rows: list[list[Piece]] = []
            for group in classes:
                items = [(code, amount) for code, amount in a.economics if code.startswith(group)]
                total = sum((amount for _, amount in items), ZERO)
                rows.append([group, _class_name(group), self.money(total, "fa-economic-class", group)])
                rows += [
                    [code, ECONOMIC_NAMES[code], self.money(amount, "fa-economic-row", code)] for code, amount in items
                ]
            return rows

        body = _panels(panel(("301", "303")), panel(("302", "310")), 3)
        body.append(
            [
                "人员经费合计",
                "",
                self.money(a.personnel, "fa-personnel", "人员经费合计"),
                "公用经费合计",
                "",
                self.money(a.public, "fa-public", "公用经费合计"),
            ]
        )
        header = [["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]]
        self.table(
            "基本支出表",
            "一般公共预算财政拨款基本支出决算表",
            header,
            body,
            "本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
        )

    def three_public(self) -> None:
        a = self.a
        items = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
        header = [
            ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
            items + items,
            ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2,
        ]

        def values(three, role: str) -> list[Piece]:
            figures = (
                three.total,
                three.abroad,
                three.vehicle,
                three.vehicle_purchase,
                three.vehicle_running,
                three.reception,
            )
            names = ("合计", "因公出国费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")
            return [self.money(value, role, name) or "0.00" for value, name in zip(figures, names)]

        body = [values(a.three_public_budget, "fa-three-public-budget") + values(a.three_public, "fa-three-public")]
        self.table(
            "三公经费表", "财政拨款“三公”经费支出决算表", header, body, "本表反映部门本年度“三公”经费支出预决算情况。"
        )

    # ---- T8, T9 --------------------------------------------------------------------------------

    def fund(self, kind: str, title: str, fund_name: str, rows: bool) -> None:
        a = self.a
        header = [
            ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
            ["", "", "", "", "合计", "基本支出", "项目支出", ""],
        ]
        body: list[list[Piece]] = []
        note = None
        if rows:
            leaves = a.fund_leaves
            totals = [
                sum((getattr(leaf, name) for leaf in leaves), ZERO)
                for name in ("opening", "fiscal_income", "fund_spending", "closing")
            ]
            opening_total, income_total, spent_total, closing_total = totals
            body.append(
                self._fund_row("", "合计", opening_total, income_total, spent_total, closing_total, "fa-fund-total")
            )
            opening = dict((code, amount) for code, _, amount in a.rows("opening", True))
            income = dict((code, amount) for code, _, amount in a.rows("fiscal_income", True))
            closing = dict((code, amount) for code, _, amount in a.rows("closing", True))
            for code, name, spent in a.rows("fund_spending", True):
                body.append(
                    self._fund_row(code, name, opening[code], income[code], spent, closing[code], "fa-fund-row")
                )
        else:
            body.append(["", "合计", None, None, None, None, None, None])
            note = f"说明：{a.name}本年度没有{fund_name}收入和支出，故本表无数据。"
        self.table(kind, title, header, body, f"本表反映部门本年度{fund_name}收入支出及结转和结余情况。", note)

    def _fund_row(self, code, name, opening, income, spent, closing, role) -> list[Piece]:
        return [
            code,
            name,
            self.money(opening, role, name),
            self.money(income, role, name),
            self.money(spent, role, name),
            None,
            self.money(spent, role, name),
            self.money(closing, role, name),
        ]

    def all(self) -> None:
        self.summary()
        self.income()
        self.expenditure()
        self.fiscal_summary()
        self.general_expenditure()
        self.basic_expenditure()
        self.three_public()
        self.fund(
            "政府性基金支出表",
            "政府性基金预算财政拨款收入支出决算表",
            "政府性基金预算财政拨款",
            bool(self.a.fund_leaves),
        )
        self.fund("国有资本经营支出表", "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款", False)


def _class_name(code: str) -> str:
    return {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "310": "资本性支出"}[code]


def _panels(left: Sequence[Sequence[Piece]], right: Sequence[Sequence[Piece]], width: int) -> list[list[Piece]]:
    """Two panels side by side, the shorter padded with blank cells."""
    rows: list[list[Piece]] = []
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else [""] + [None] * (width - 1)
        b = right[index] if index < len(right) else [""] + [None] * (len(right[0]) - 1 if right else 0)
        rows.append(list(a) + list(b))
    return rows
