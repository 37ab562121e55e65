"""The expression language of rule files: parse with `ast`, check against a whitelist.

Measures and conditions are short Python-like expressions over declared inputs::

    (total_capital_open + total_capital_close) / 2
    months_between(founded_on, date(year + 1, 1, 1)) < 12
    5 if award_level == "national" else 3 if award_level == "province" else 0

Only the constructs below are accepted; anything else (attribute access,
subscripts, lambdas, comprehensions, imports, names starting with ``_``,
oversized literals or exponents, deep nesting, a division by a divisor that is
always zero, such as ``x / (1 - 1)`` or ``pct(x, 0)``) is refused at load time.
Numbers are exact decimals; the text of each literal is read, never a float.
Checking also infers each expression's type, so ``revenue > "x"`` is refused.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from decimal import Context, Decimal, InvalidOperation

import attrs

from coopeval.expr.functions import FUNCTIONS, MAX_PLACES, Function
from coopeval.expr.kinds import InputInfo, Kind
from coopeval.messages import Message, said
from coopeval.suggest import suggest

__all__ = ["CheckedExpression", "ExprProblem", "check", "position"]

#: Longest expression text accepted.
MAX_LENGTH = 2000
#: Deepest nesting of syntax nodes accepted.
MAX_DEPTH = 30
#: Most significant digits in a number literal, and largest power-of-ten exponent.
MAX_DIGITS = 30
#: Largest literal exponent allowed after ``**``.
MAX_POWER = 10


class ExprProblem(Exception):
    """A problem in an expression; the rule-set checker turns it into a located error."""

    def __init__(self, msg: str, *, unknown_name: bool = False) -> None:
        super().__init__(msg)
        #: The words, kept a catalogue `Message` so the located error is said in any language.
        self.message = msg
        self.unknown_name = unknown_name


@attrs.frozen
class CheckedExpression:
    """An expression that passed the whitelist, with its type and the inputs it reads."""

    text: str
    tree: ast.expr = attrs.field(eq=False, repr=False)
    kind: Kind
    #: Input names read, in order of first appearance.
    reads: tuple[str, ...]
    #: The exact value of every number literal, by its position in the text.
    literals: Mapping[tuple[int, int], Decimal] = attrs.field(eq=False, repr=False)
    #: Inputs tested with ``has()``: the expression branches on their presence,
    #: so which inputs it needs depends on the record.
    guarded: tuple[str, ...] = ()


_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_DIVISIONS = (ast.Div, ast.FloorDiv, ast.Mod)
#: Where constant parts of an expression are worked out: no trap, so an overflow
#: gives infinity (not zero) rather than an error.
_FOLDING = Context(prec=4 * MAX_DIGITS, traps=[])
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_EQUALITY = (ast.Eq, ast.NotEq)
_MEMBERSHIP = (ast.In, ast.NotIn)
#: Each kind as messages name it.
_KIND_WORDS = {
    Kind.NUMBER: said("expr.number"),
    Kind.BOOL: said("expr.bool"),
    Kind.DATE: said("expr.date"),
    Kind.TEXT: said("expr.text"),
}


def check(text: str, inputs: Mapping[str, InputInfo], expect: Kind) -> CheckedExpression:
    """Parse and check ``text``; it must produce a value of kind ``expect``.

    Raises:
        ExprProblem: with a message naming the offending construct and the fix.
    """
    if not isinstance(text, str) or not text.strip():
        msg = said("expr.empty")
        raise ExprProblem(msg)
    if len(text) > MAX_LENGTH:
        msg = said("expr.too_long", length=len(text), most=MAX_LENGTH)
        raise ExprProblem(msg)
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        msg = said("expr.syntax", reason=exc.msg, column=exc.offset)
        raise ExprProblem(msg) from exc
    checker = _Checker(text.strip(), inputs)
    kind = checker.kind(tree, 1)
    if kind is not expect:
        msg = said("expr.gives", got=_KIND_WORDS[kind], want=_KIND_WORDS[expect])
        raise ExprProblem(msg)
    return CheckedExpression(
        text.strip(), tree, kind, tuple(checker.reads), checker.literals, tuple(checker.guards)
    )


class _Checker:
    """Walks the tree once: refuses what is not whitelisted and infers kinds."""

    def __init__(self, source: str, inputs: Mapping[str, InputInfo]) -> None:
        self.source = source
        self.inputs = inputs
        self.reads: list[str] = []
        self.guards: list[str] = []
        self.literals: dict[tuple[int, int], Decimal] = {}

    def kind(self, node: ast.expr, depth: int) -> Kind:
        if depth > MAX_DEPTH:
            msg = said("expr.too_deep", most=MAX_DEPTH)
            raise ExprProblem(msg)
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            snippet = ast.get_source_segment(self.source, node) or type(node).__name__
            msg = said("expr.not_allowed", construct=_construct(node), snippet=repr(snippet))
            raise ExprProblem(msg)
        kind: Kind = handler(node, depth + 1)
        return kind

    def _Constant(self, node: ast.Constant, depth: int) -> Kind:
        value = node.value
        if isinstance(value, bool):
            return Kind.BOOL
        if isinstance(value, str):
            return Kind.TEXT
        if isinstance(value, int | float) and not isinstance(value, complex):
            self.literals[position(node)] = self._exact(node)
            return Kind.NUMBER
        msg = said("expr.literal", value=repr(value))
        raise ExprProblem(msg)

    def _exact(self, node: ast.Constant) -> Decimal:
        text = ast.get_source_segment(self.source, node) or repr(node.value)
        try:
            value = Decimal(text.replace("_", ""))
        except InvalidOperation as exc:
            msg = said("expr.not_decimal", text=repr(text))
            raise ExprProblem(msg) from exc
        exponent = value.as_tuple().exponent
        if (
            len(value.as_tuple().digits) > MAX_DIGITS
            or not isinstance(exponent, int)
            or abs(exponent) > MAX_DIGITS
        ):
            msg = said("expr.too_large", text=repr(text), most=MAX_DIGITS)
            raise ExprProblem(msg)
        return value

    def _Name(self, node: ast.Name, depth: int) -> Kind:
        name = node.id
        if name.startswith("_"):
            msg = said("expr.reserved", name=repr(name))
            raise ExprProblem(msg)
        info = self.inputs.get(name)
        if info is None:
            hint = suggest(name, self.inputs) or suggest(name, FUNCTIONS)
            msg = said("expr.unknown_name", name=repr(name), hint=hint)
            raise ExprProblem(msg, unknown_name=True)
        if name not in self.reads:
            self.reads.append(name)
        return info.kind

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Kind:
        want = Kind.BOOL if isinstance(node.op, ast.Not) else Kind.NUMBER
        if isinstance(node.op, ast.Invert):
            msg = said("expr.invert")
            raise ExprProblem(msg)
        self._expect(node.operand, want, depth, said("expr.operand", op=type(node.op).__name__))
        return want

    def _BinOp(self, node: ast.BinOp, depth: int) -> Kind:
        if not isinstance(node.op, _ARITHMETIC):
            msg = said("expr.operator", op=type(node.op).__name__)
            raise ExprProblem(msg)
        self._expect(node.left, Kind.NUMBER, depth, said("expr.arithmetic"))
        if isinstance(node.op, ast.Pow):
            self._small_int(node.right, said("expr.exponent"), MAX_POWER)
        self._expect(node.right, Kind.NUMBER, depth, said("expr.arithmetic"))
        if isinstance(node.op, _DIVISIONS):
            self._divisor(node.right)
        return Kind.NUMBER

    def _divisor(self, divisor: ast.expr) -> None:
        """Refuse a divisor made of literals alone that is zero: no record could have a value."""
        if self._constant(divisor) == 0:
            part = ast.get_source_segment(self.source, divisor)
            msg = said("expr.zero_divisor", part=repr(part))
            raise ExprProblem(msg)

    def _constant(self, node: ast.expr) -> Decimal | None:
        """The value of a part made of number literals alone, else ``None``."""
        if isinstance(node, ast.Constant):
            return self.literals.get(position(node))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self._constant(node.operand)
            if value is None or isinstance(node.op, ast.UAdd):
                return value
            return _FOLDING.minus(value)
        if isinstance(node, ast.BinOp):
            left, right = self._constant(node.left), self._constant(node.right)
            if left is None or right is None or (isinstance(node.op, _DIVISIONS) and not right):
                return None
            return _FOLDED[type(node.op)](left, right)
        return None

    def _small_int(self, node: ast.expr, what: Message, most: int) -> None:
        value = node.value if isinstance(node, ast.Constant) else None
        if type(value) is not int or not 0 <= value <= most:
            msg = said("expr.small_int", what=what, most=most)
            raise ExprProblem(msg)

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Kind:
        for value in node.values:
            self._expect(value, Kind.BOOL, depth, said("expr.and_or"))
        return Kind.BOOL

    def _IfExp(self, node: ast.IfExp, depth: int) -> Kind:
        self._expect(node.test, Kind.BOOL, depth, said("expr.if_test"))
        kind = self.kind(node.body, depth)
        self._expect(node.orelse, kind, depth, said("expr.else_branch"))
        return kind

    def _Compare(self, node: ast.Compare, depth: int) -> Kind:
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, _MEMBERSHIP):
                self._membership(left, right, depth)
            else:
                self._pair(left, op, right, depth)
            left = right
        return Kind.BOOL

    def _pair(self, left: ast.expr, op: ast.cmpop, right: ast.expr, depth: int) -> None:
        if not isinstance(op, _ORDER + _EQUALITY):
            msg = said("expr.comparison", op=type(op).__name__)
            raise ExprProblem(msg)
        kind = self.kind(left, depth)
        if isinstance(op, _ORDER) and kind not in (Kind.NUMBER, Kind.DATE):
            msg = said("expr.order", kind=_KIND_WORDS[kind], op=_op_text(op))
            raise ExprProblem(msg)
        self._expect(right, kind, depth, said("expr.right_side"))
        self._enum_literal(left, right)
        self._enum_literal(right, left)

    def _membership(self, left: ast.expr, right: ast.expr, depth: int) -> None:
        if not isinstance(right, ast.Tuple | ast.List | ast.Set):
            msg = said("expr.in_list")
            raise ExprProblem(msg)
        kind = self.kind(left, depth)
        for element in right.elts:
            if not isinstance(element, ast.Constant):
                msg = said("expr.in_literals")
                raise ExprProblem(msg)
            self._expect(element, kind, depth, said("expr.in_item"))
            self._enum_literal(left, element)

    def _enum_literal(self, name: ast.expr, literal: ast.expr) -> None:
        """Refuse ``award_level == "natinal"``: an enum compared with a value it never has."""
        if not (isinstance(name, ast.Name) and isinstance(literal, ast.Constant)):
            return
        info = self.inputs.get(name.id)
        if info and info.values and literal.value not in info.values:
            hint = suggest(str(literal.value), info.values)
            msg = said(
                "expr.enum_value",
                value=repr(literal.value),
                name=repr(name.id),
                hint=hint,
                values=", ".join(info.values),
            )
            raise ExprProblem(msg)

    def _Call(self, node: ast.Call, depth: int) -> Kind:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = ast.get_source_segment(self.source, node.func) or "?"
            hint = suggest(called, FUNCTIONS)
            msg = said(
                "expr.function", name=repr(called), hint=hint, functions=", ".join(FUNCTIONS)
            )
            raise ExprProblem(msg)
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            msg = said("expr.positional", name=node.func.id)
            raise ExprProblem(msg)
        function = FUNCTIONS[node.func.id]
        if function.takes_name:
            self._name_argument(function.name, node.args, depth)
        else:
            self._arguments(function, node.args, depth)
        return function.result

    def _name_argument(self, name: str, args: Sequence[ast.expr], depth: int) -> None:
        """``has(x)`` takes exactly one declared input name, of any type."""
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            msg = said("expr.name_argument", name=name)
            raise ExprProblem(msg)
        self.kind(args[0], depth)
        self.guards.append(args[0].id)

    def _arguments(self, function: Function, args: Sequence[ast.expr], depth: int) -> None:
        name, params = function.name, function.params
        if params is None:
            if len(args) < 2:
                msg = said("expr.two_numbers", name=name)
                raise ExprProblem(msg)
            params = (Kind.NUMBER,) * len(args)
        elif len(params) - function.optional <= len(args) < len(params):
            params = params[: len(args)]
        if len(args) != len(params):
            msg = said("expr.arguments", name=name, want=len(params), got=len(args))
            raise ExprProblem(msg)
        for arg, kind in zip(args, params, strict=True):
            self._expect(arg, kind, depth, said("expr.argument", name=name))
        if function.divisor is not None:
            self._divisor(args[function.divisor])
        if function.literal_last and function.params and len(args) == len(function.params):
            self._small_int(args[-1], said("expr.places", name=name), MAX_PLACES)

    def _expect(self, node: ast.expr, want: Kind, depth: int, where: Message) -> None:
        got = self.kind(node, depth)
        if got is not want:
            snippet = ast.get_source_segment(self.source, node)
            msg = said(
                "expr.needs",
                where=where,
                want=_KIND_WORDS[want],
                snippet=repr(snippet),
                got=_KIND_WORDS[got],
            )
            raise ExprProblem(msg)


_FOLDED = {
    ast.Add: _FOLDING.add,
    ast.Sub: _FOLDING.subtract,
    ast.Mult: _FOLDING.multiply,
    ast.Div: _FOLDING.divide,
    ast.FloorDiv: _FOLDING.divide_int,
    ast.Mod: _FOLDING.remainder,
    ast.Pow: _FOLDING.power,
}


def position(node: ast.expr) -> tuple[int, int]:
    """Where a node starts in the expression text; survives copying the tree."""
    return (node.lineno, node.col_offset)


_CONSTRUCTS = {
    "Attribute": said("expr.attribute"),
    "Subscript": said("expr.subscript"),
    "Lambda": said("expr.lambda"),
    "ListComp": said("expr.comprehension"),
    "SetComp": said("expr.comprehension"),
    "DictComp": said("expr.comprehension"),
    "GeneratorExp": said("expr.generator"),
    "NamedExpr": said("expr.walrus"),
    "Starred": said("expr.starred"),
    "JoinedStr": said("expr.fstring"),
    "Await": said("expr.await"),
    "Yield": said("expr.yield"),
    "Dict": said("expr.dict"),
}


def _construct(node: ast.AST) -> Message:
    name = type(node).__name__
    return _CONSTRUCTS.get(name) or said("expr.syntax_node", name=name)


def _op_text(op: ast.cmpop) -> str:
    return {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}.get(type(op), "?")
