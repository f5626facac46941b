using AslCompiler.Language.Jsonata;

namespace AslCompiler.Language.Tests.Jsonata;

public sealed class JsonataParserTests
{
    private static JsonataNode Parse(string expression)
    {
        var result = JsonataParser.Parse(expression);
        Assert.True(result.Success, result.Error?.ToString());
        return result.Root;
    }

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 * 2 + 3", "((1 * 2) + 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("1 * 2 % 3", "((1 * 2) % 3)")]
    [InlineData("a and b or c", "((a and b) or c)")]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("a = b and c != d", "((a = b) and (c != d))")]
    [InlineData("'a' & 'b' = 'ab'", "((\"a\" & \"b\") = \"ab\")")]
    [InlineData("1 + 2 & 'x'", "((1 + 2) & \"x\")")]
    [InlineData("a < b = c", "((a < b) = c)")]
    [InlineData("x in [1, 2] and y", "((x in [1, 2]) and y)")]
    [InlineData("$x := 1 + 2", "($x := (1 + 2))")]
    [InlineData("$a := $b := 3", "($a := ($b := 3))")]
    [InlineData("a ? b : c ? d : e", "(a ? b : (c ? d : e))")]
    [InlineData("a > 1 ? 'x' : 'y'", "((a > 1) ? \"x\" : \"y\")")]
    [InlineData("a ? b", "(a ? b)")]
    [InlineData("a ~> $f ~> $g", "((a ~> $f) ~> $g)")]
    [InlineData("a ~> $f(1) = 2", "((a ~> $f(1)) = 2)")]
    [InlineData("-a.b", "(-a.b)")]
    [InlineData("-1", "-1")]
    [InlineData("- -2", "2")]
    [InlineData("a.b + c.d", "(a.b + c.d)")]
    [InlineData("$sum(a) / 2", "($sum(a) / 2)")]
    [InlineData("Account.Order[0].Product.Price * 2", "(Account.Order[0].Product.Price * 2)")]
    [InlineData("[1..5]", "[1..5]")]
    [InlineData("[1, 2..3 + 1]", "[1, 2..(3 + 1)]")]
    [InlineData("a^(>b, c)", "a^(>b, c)")]
    [InlineData("a{b: c}", "a{b: c}")]
    [InlineData("a.b{c: d}", "a.b{c: d}")]
    [InlineData("a@$x#$i.b", "a@$x#$i.b")]
    [InlineData("a[0]#$i", "a[0]#$i")]
    [InlineData("(1; 2)", "(1; 2)")]
    [InlineData("$f(?, 2)", "$f(?, 2)")]
    [InlineData("function($x){$x + 1}", "function($x){($x + 1)}")]
    [InlineData("λ($x)<n:n>{$x}", "function($x)<n:n>{$x}")]
    [InlineData("| a | {'b': 1}, 'c' |", "| a | {\"b\": 1}, \"c\" |")]
    [InlineData("$match(a, /x+/i)", "$match(a, /x+/i)")]
    [InlineData("`a b`.`c`", "`a b`.c")]
    [InlineData("a.*.**", "a.*.**")]
    [InlineData("$$.a", "$$.a")]
    [InlineData("a /* comment */ + 1", "(a + 1)")]
    public void Operators_bind_with_JSONata_precedence(string expression, string expected)
    {
        Assert.Equal(expected, Parse(expression).ToFullyParenthesizedString());
    }

    [Theory]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("a . b", "a.b")]
    [InlineData("(a.b).c", "(a.b).c")]
    [InlineData("a[b > 1][0]", "a[b > 1][0]")]
    [InlineData("a[]", "a[]")]
    [InlineData("\"x\\ny\"", "\"x\\ny\"")]
    [InlineData("'\\u0041'", "\"A\"")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E-7", "1.5e-7")]
    [InlineData("`and`", "`and`")]
    [InlineData("Phone[]~>[type=\"mobile\"].number", "Phone[] ~> [type = \"mobile\"].number")]
    [InlineData("a ~> b[]", "a ~> b[]")]
    [InlineData("Phone[type=\"mobile\"][].nu/x/mber", "Phone[type = \"mobile\"][].nu / x / mber")]
    [InlineData("$@$[1]", "$@$[1]")] // a predicate after a focus binding stays after it (before it is S0215)
    [InlineData("[1,2]@$v[0]", "[1, 2]@$v[0]")]
    [InlineData("a@$v[0].b", "a@$v[0].b")]
    [InlineData("\"t\"{'k': 'v'}.%", "\"t\"{\"k\": \"v\"}.%")] // the group-by stays on the step, not the path
    public void Prints_back_to_JSONata(string expression, string expected)
    {
        var printed = Parse(expression).ToString();
        Assert.Equal(expected, printed);
        Assert.Equal(printed, Parse(printed).ToString());
    }

    [Fact]
    public void Paths_flatten_into_steps()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b[0].`c d`"));
        Assert.Equal(3, path.Steps.Count);
        Assert.Equal(new[] { "a", "b", "c d" }, path.Steps.Select(s => ((JsonataNameNode)s).Name));
        var stage = Assert.Single(path.Steps[1].Stages);
        Assert.Equal(JsonataStageKind.Filter, stage.Kind);
        Assert.Equal(0.0, ((JsonataNumberNode)stage.Expression!).Value);
    }

    [Fact]
    public void String_literal_steps_become_names()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.'b'"));
        Assert.Equal("b", Assert.IsType<JsonataNameNode>(path.Steps[1]).Name);
        Assert.IsType<JsonataStringNode>(Parse("'b'"));
    }

    [Fact]
    public void Predicate_on_a_non_path_stays_a_predicate()
    {
        var variable = Assert.IsType<JsonataVariableNode>(Parse("$x[0]"));
        Assert.Single(variable.Predicates);
        Assert.Empty(variable.Stages);
    }

    [Fact]
    public void Empty_predicate_keeps_singleton_arrays()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b[0][]"));
        Assert.True(path.KeepSingletonArray);
        Assert.True(path.Steps[1].KeepArray);
        Assert.False(Assert.IsType<JsonataPathNode>(Parse("a.b[0]")).KeepSingletonArray);
    }

    [Fact]
    public void Chain_keeps_the_array_flag_of_its_operands()
    {
        var apply = Assert.IsType<JsonataApplyNode>(Parse("$ ~> $map(function($v){$v})[]"));
        Assert.True(apply.KeepArray);
    }

    [Fact]
    public void Focus_and_index_bindings_attach_to_the_step()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("Account.Order@$o#$i.Product"));
        var order = path.Steps[1];
        Assert.Equal("o", order.FocusVariable);
        Assert.Equal("i", order.IndexVariable);
        Assert.True(order.Tuple);

        var indexed = Assert.IsType<JsonataPathNode>(Parse("a[x]#$i"));
        Assert.Null(indexed.Steps[0].IndexVariable);
        Assert.Equal(JsonataStageKind.Index, indexed.Steps[0].Stages[1].Kind);
        Assert.Equal("i", indexed.Steps[0].Stages[1].Variable);
    }

    [Fact]
    public void Order_by_becomes_a_sort_step()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b^(>c, d)"));
        var sort = Assert.IsType<JsonataSortNode>(path.Steps[2]);
        Assert.True(sort.Terms[0].Descending);
        Assert.False(sort.Terms[1].Descending);
    }

    [Fact]
    public void Group_by_attaches_to_the_path()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b{c: d}"));
        Assert.NotNull(path.GroupBy);
        Assert.Single(path.GroupBy!.Pairs);
        Assert.IsType<JsonataObjectNode>(Parse("{'a': 1}"));
    }

    [Fact]
    public void Parent_refers_to_the_step_before_it()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b.%.c"));
        var parent = Assert.IsType<JsonataParentNode>(path.Steps[2]);
        // '%' after b is the object b was taken from: b's step keeps its input under the slot's label.
        Assert.Same(parent.Slot, path.Steps[1].Ancestor);
        Assert.Null(path.Steps[0].Ancestor);
        Assert.Equal("!0", parent.Slot.Label);
    }

    [Fact]
    public void Parents_of_one_step_share_a_label()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("a.b.{'x': %.c, 'y': %.d}"));
        var obj = Assert.IsType<JsonataObjectNode>(path.Steps[2]);
        var first = (JsonataParentNode)((JsonataPathNode)obj.Pairs[0].Value).Steps[0];
        var second = (JsonataParentNode)((JsonataPathNode)obj.Pairs[1].Value).Steps[0];
        Assert.Equal(first.Slot.Label, second.Slot.Label);
    }

    [Fact]
    public void Tail_calls_in_lambda_bodies_become_thunks()
    {
        var lambda = Assert.IsType<JsonataLambdaNode>(Parse("function($n){$n > 0 ? $f($n - 1) : 0}"));
        var condition = Assert.IsType<JsonataConditionNode>(lambda.Body);
        var thunk = Assert.IsType<JsonataLambdaNode>(condition.Then);
        Assert.True(thunk.IsThunk);
        Assert.IsType<JsonataFunctionCallNode>(thunk.Body);
        Assert.IsType<JsonataNumberNode>(condition.Else);
    }

    [Fact]
    public void Partial_application_marks_placeholders()
    {
        var call = Assert.IsType<JsonataFunctionCallNode>(Parse("$substring(?, 0, 2)"));
        Assert.Equal(JsonataNodeKind.PartialApplication, call.Kind);
        Assert.IsType<JsonataPlaceholderNode>(call.Arguments[0]);
        Assert.Equal("substring", call.FunctionName);
    }

    [Fact]
    public void Signatures_are_parsed()
    {
        var lambda = Assert.IsType<JsonataLambdaNode>(Parse("function($a, $b)<a<n>n?-:n>{$a}"));
        var signature = lambda.Signature!;
        Assert.Equal("<a<n>n?-:n>", signature.Definition);
        Assert.Equal(2, signature.Parameters.Count);
        Assert.Equal('a', signature.Parameters[0].Type);
        Assert.Equal("n", signature.Parameters[0].Subtype);
        Assert.True(signature.Parameters[1].Optional);
        Assert.True(signature.Parameters[1].UseContext);
        Assert.Equal("n", signature.ReturnType);

        var choice = Assert.IsType<JsonataLambdaNode>(Parse("λ($x)<(sn)+>{$x}")).Signature!;
        Assert.Equal("sn", choice.Parameters[0].Choice);
        Assert.True(choice.Parameters[0].OneOrMore);
    }

    [Fact]
    public void Literals_have_their_values()
    {
        Assert.Equal("a\"b\\c/\b\f\n\r\tA", Assert.IsType<JsonataStringNode>(Parse("\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u0041\"")).Value);
        Assert.Equal("it's", Assert.IsType<JsonataStringNode>(Parse("'it\\'s'".Replace("\\'", "'", StringComparison.Ordinal).Replace("it's", "it\\u0027s", StringComparison.Ordinal))).Value);
        Assert.Equal(0.5, Assert.IsType<JsonataNumberNode>(Parse("0.5")).Value);
        Assert.Equal(-12e-3, Assert.IsType<JsonataNumberNode>(Parse("-12e-3")).Value);
        Assert.True(Assert.IsType<JsonataBooleanNode>(Parse("true")).Value);
        Assert.IsType<JsonataNullNode>(Parse("null"));
        var regex = Assert.IsType<JsonataRegexNode>(Parse("/a\\/b[/]/im"));
        Assert.Equal("a\\/b[/]", regex.Pattern);
        Assert.True(regex.IgnoreCase && regex.Multiline);
        Assert.Equal("", Assert.IsType<JsonataVariableNode>(Parse("$")).Name);
        Assert.True(Assert.IsType<JsonataVariableNode>(Parse("$$")).IsRoot);
    }

    [Fact]
    public void Keywords_can_be_field_names()
    {
        var path = Assert.IsType<JsonataPathNode>(Parse("and.or.in"));
        Assert.Equal(new[] { "and", "or", "in" }, path.Steps.Select(s => ((JsonataNameNode)s).Name));
    }

    [Fact]
    public void Slash_after_an_operand_divides_and_elsewhere_starts_a_regex()
    {
        Assert.IsType<JsonataBinaryNode>(Parse("a / b / c"));
        var call = Assert.IsType<JsonataFunctionCallNode>(Parse("$split(a, /b/)"));
        Assert.IsType<JsonataRegexNode>(call.Arguments[1]);
    }

    [Theory]
    [InlineData("a.b", 0, 2)]
    [InlineData("  $x + 1", 5, 2)]
    public void Nodes_carry_the_offset_of_their_defining_token(string expression, int rootPosition, int childPosition)
    {
        var root = Parse(expression);
        Assert.Equal(rootPosition, root.Position);
        var child = root switch
        {
            JsonataPathNode path => path.Steps[1],
            JsonataBinaryNode binary => binary.Left,
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(childPosition, child.Position);
    }

    [Fact]
    public void Positions_of_nested_nodes()
    {
        var call = Assert.IsType<JsonataFunctionCallNode>(Parse("$f(a, 'x', [1])"));
        Assert.Equal(2, call.Position);
        Assert.Equal(0, call.Procedure.Position);
        Assert.Equal(3, call.Arguments[0].Position);
        Assert.Equal(6, call.Arguments[1].Position);
        Assert.Equal(11, call.Arguments[2].Position);
    }

    [Fact]
    public void Parse_or_throw_throws_the_syntax_error()
    {
        var exception = Assert.Throws<JsonataSyntaxException>(() => JsonataParser.ParseOrThrow("(1"));
        Assert.Equal("S0203", exception.Error.Code);
        Assert.IsType<JsonataNumberNode>(JsonataParser.ParseOrThrow("1"));
    }
}
