using AslCompiler.Language.JsonPath;
using CsCheck;

namespace AslCompiler.Language.Tests.JsonPath;

public class JsonPathParserTests
{
    [Theory]
    [InlineData("$", true)]
    [InlineData("$.a.b", true)]
    [InlineData("$['a b'][0]", true)]
    [InlineData("$.a[-1]", true)]
    [InlineData("$.a[*]", false)]
    [InlineData("$..a", false)]
    [InlineData("$.a[1:3]", false)]
    [InlineData("$.a[0,1]", false)]
    [InlineData("$.a[?(@.price < 10 && !(@.x == 'y'))]", false)]
    [InlineData("$.a.length()", false)]
    public void Parses_and_reports_definiteness(string text, bool definite)
    {
        var path = JsonPathParser.Parse(text);
        Assert.Equal(definite, path.IsDefinite);
        Assert.Equal(text, path.Text);
    }

    [Theory]
    [InlineData("$.'key'")]
    [InlineData("$..\"key\"")]
    [InlineData("key")]
    [InlineData(".key")]
    [InlineData("@.a")]
    [InlineData("$[?(@.key===42)]")]
    [InlineData("$[?(@.key!==42)]")]
    [InlineData("$[*].b[0]^^^")]
    public void Jayway_spellings_parse_only_in_the_Jayway_dialect(string text)
    {
        Assert.False(JsonPathParser.TryParse(text, out _, out _));
        Assert.False(JsonPathParser.TryParse(text, JsonPathDialect.StepFunctions, out _, out _));
        Assert.True(JsonPathParser.TryParse(text, JsonPathDialect.Jayway, out _, out var error), error?.ToString());
    }

    [Theory]
    [InlineData("$.'key'")]
    [InlineData("key")]
    [InlineData("$[?(@.key===42)]")]
    [InlineData("$[?(@.key/10==5)]")]
    public void The_definition_validator_keeps_refusing_what_only_Jayway_reads(string path)
    {
        var definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":""" + System.Text.Json.JsonSerializer.Serialize(path) + ""","End":true}}}""";
        Assert.False(AslCompiler.Language.Validation.AslValidator.Validate(definition).IsOk);
        var valid = """{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$['key']","End":true}}}""";
        Assert.True(AslCompiler.Language.Validation.AslValidator.Validate(valid).IsOk);
    }

    [Theory]
    [InlineData("InputPath", "$.[0]")]
    [InlineData("InputPath", "$.['key']")]
    [InlineData("InputPath", "$.[\"key\"]")]
    [InlineData("OutputPath", "$.Snapshots.[0].State")]
    [InlineData("ResultPath", "$.a.['b c']")]
    [InlineData("Parameters", "$.[*].['bucket', 'key']")]
    [InlineData("Parameters", "$.[?(@.OU > 0)]")]
    [InlineData("Parameters", "$.TaskResults.[?(@.Task && @.Task != 'Null')]")]
    public void A_bracket_may_follow_a_dot_in_every_kind_of_path(string field, string path)
    {
        // As Jayway reads it. A user trial found five deployed definitions refused for it, four of them AWS's samples
        // ($.[0] in one exported from a deployed state machine); asl-validator issue #47 reports the same.
        var value = System.Text.Json.JsonSerializer.Serialize(path);
        var definition = field == "Parameters"
            ? "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":" + value + "},\"End\":true}}}"
            : "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"" + field + "\":" + value + ",\"End\":true}}}";
        var report = AslCompiler.Language.Validation.AslValidator.Validate(definition);
        Assert.True(report.IsOk, string.Join("; ", report.Diagnostics.Select(d => d.Message)));
        Assert.Equal(JsonPathParser.Parse(path.Replace(".[", "[", StringComparison.Ordinal)).Segments.Count, JsonPathParser.Parse(path).Segments.Count);
    }

    [Fact]
    public void An_intrinsic_functions_path_argument_may_put_a_bracket_after_a_dot_as_AWSs_page_shows()
    {
        // The intrinsic functions page: "you must use square bracket notation. For example, $.abc.['def ghi']".
        var definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"r.$":"States.Format('{}', $.abc.['def ghi'])"},"End":true}}}""";
        var report = AslCompiler.Language.Validation.AslValidator.Validate(definition);
        Assert.True(report.IsOk, string.Join("; ", report.Diagnostics.Select(d => d.Message)));
    }

    [Fact]
    public void Jayway_dialect_reads_a_rootless_path_relative_to_dollar_dot_and_keeps_quotes_in_dotted_names()
    {
        var relative = JsonPathParser.Parse("key", JsonPathDialect.Jayway);
        Assert.Equal("$.key", relative.Text);
        Assert.True(relative.IsDefinite);
        var scan = JsonPathParser.Parse(".key", JsonPathDialect.Jayway);
        Assert.IsType<JsonPathDescendantSegment>(Assert.Single(scan.Segments));
        var quoted = Assert.IsType<JsonPathPropertySegment>(Assert.Single(JsonPathParser.Parse("$.'key'", JsonPathDialect.Jayway).Segments));
        Assert.Equal("'key'", quoted.Name);
        var split = JsonPathParser.Parse("$.'some.key'", JsonPathDialect.Jayway).Segments;
        Assert.Equal(["'some", "key'"], split.Select(s => ((JsonPathPropertySegment)s).Name));
        var tseq = Assert.IsType<JsonPathComparisonFilter>(Assert.IsType<JsonPathFilterSegment>(JsonPathParser.Parse("$[?(@.k===1)]", JsonPathDialect.Jayway).Segments[0]).Filter);
        Assert.Equal(JsonPathComparisonOperator.TypeSafeEqual, tseq.Operator);
    }

    [Theory]
    [InlineData("$[?(@.key/10==5)]")]
    [InlineData("$(key,more)")]
    [InlineData("$[:]")]
    public void Both_dialects_reject_what_Jayway_rejects(string text)
    {
        Assert.False(JsonPathParser.TryParse(text, JsonPathDialect.StepFunctions, out _, out _));
        Assert.False(JsonPathParser.TryParse(text, JsonPathDialect.Jayway, out _, out _));
    }

    [Fact]
    public void Context_and_variable_roots_are_recognised()
    {
        Assert.Equal(JsonPathRoot.Context, JsonPathParser.Parse("$$.Execution.Id").Root);
        var variable = JsonPathParser.Parse("$myVar.items[0]");
        Assert.Equal(JsonPathRoot.Variable, variable.Root);
        Assert.Equal("myVar", variable.VariableName);
        Assert.Equal(2, variable.Segments.Count);
    }

    [Fact]
    public void Filters_build_a_tree_of_conditions()
    {
        var segment = Assert.IsType<JsonPathFilterSegment>(JsonPathParser.Parse("$[?(@.a > 1 || @.b in ['x','y'])]").Segments[0]);
        var or = Assert.IsType<JsonPathLogicalFilter>(segment.Filter);
        Assert.False(or.IsAnd);
        var right = Assert.IsType<JsonPathComparisonFilter>(or.Right);
        Assert.Equal(JsonPathComparisonOperator.In, right.Operator);
    }

    [Theory]
    [InlineData(" && ")]
    [InlineData(" || ")]
    public void A_long_run_of_one_operator_is_a_shallow_tree(string op)
    {
        const int Terms = 100_000;
        var text = "$[?(" + string.Join(op, Enumerable.Repeat("@.a", Terms)) + ")]";

        var segment = Assert.IsType<JsonPathFilterSegment>(JsonPathParser.Parse(text).Segments[0]);

        var (depth, leaves) = Shape(segment.Filter);
        Assert.Equal(Terms, leaves);
        Assert.True(depth <= 20, "depth " + depth);
    }

    // Depth and leaf count without recursion, so a deep tree fails the assertion rather than the process.
    private static (int Depth, int Leaves) Shape(JsonPathFilter root)
    {
        var depth = 0;
        var leaves = 0;
        var stack = new Stack<(JsonPathFilter Node, int Level)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, level) = stack.Pop();
            depth = Math.Max(depth, level);
            if (node is JsonPathLogicalFilter logical)
            {
                stack.Push((logical.Right, level + 1));
                stack.Push((logical.Left, level + 1));
            }
            else
            {
                leaves++;
            }
        }

        return (depth, leaves);
    }

    [Theory]
    [InlineData("a", 0)]
    [InlineData("$.", 2)]
    [InlineData("$[", 1)]
    [InlineData("$['a'", 5)]
    [InlineData("$[?(@.a ==)]", 10)]
    [InlineData("$[:]", 3)]
    [InlineData("$.a b", 4)]
    [InlineData("$[?(@ in [2, 01])]", 13)] // a JSON literal is checked where it is read
    [InlineData("$[?(@ in [2,])]", 11)]
    [InlineData("$[?(@ == {'a': 1 'b': 2})]", 17)]
    public void Errors_carry_the_offset(string text, int offset)
    {
        Assert.False(JsonPathParser.TryParse(text, out _, out var error));
        Assert.Equal(offset, error!.Offset);
    }

    [Fact]
    public void JSON_literals_are_kept_as_JSON_with_their_single_quotes_rewritten()
    {
        var filter = Assert.IsType<JsonPathComparisonFilter>(Assert.IsType<JsonPathFilterSegment>(
            JsonPathParser.Parse("$[?(@ in ['it\\'s', 'say \"hi\"', \"x\", {'k': [1]}])]").Segments[0]).Filter);
        var literal = Assert.IsType<JsonPathLiteralOperand>(filter.Right);
        Assert.Equal(JsonPathLiteralKind.Json, literal.Kind);
        Assert.Equal("[\"it's\", \"say \\\"hi\\\"\", \"x\", {\"k\": [1]}]", literal.Text);
    }

    [Fact]
    public void Reference_paths_must_be_definite()
    {
        Assert.True(JsonPathParser.TryParseReferencePath("$.a.b[0]", out _, out _));
        Assert.False(JsonPathParser.TryParseReferencePath("$.a[*]", out _, out var error));
        Assert.Contains("reference path", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Intrinsic_calls_parse_with_escapes_and_nesting()
    {
        var call = IntrinsicFunctionParser.Parse(@"States.Format('it\'s \{\} {} \\', States.MathAdd($.a, -1), true, null, 1.5, $$.Execution.Id)");
        Assert.Equal("States.Format", call.Name);
        var template = Assert.IsType<IntrinsicStringArgument>(call.Arguments[0]);
        Assert.Equal(@"it's {} {} \", template.Value);
        Assert.Equal([@"it's {} ", @" \"], template.TemplatePieces);
        Assert.IsType<IntrinsicFunctionCall>(call.Arguments[1]);
        Assert.IsType<IntrinsicBooleanArgument>(call.Arguments[2]);
        Assert.IsType<IntrinsicNullArgument>(call.Arguments[3]);
        Assert.Equal("1.5", Assert.IsType<IntrinsicNumberArgument>(call.Arguments[4]).Text);
        Assert.Equal(JsonPathRoot.Context, Assert.IsType<IntrinsicPathArgument>(call.Arguments[5]).Path.Root);
    }

    [Theory]
    [InlineData("States.Nope()", 0)]
    [InlineData("States.Format('x'", 17)]
    [InlineData("States.Format('x", 14)]
    [InlineData(@"States.Format('\n')", 15)]
    [InlineData("States.Array(1,)", 15)]
    public void Intrinsic_errors_carry_the_offset(string text, int offset)
    {
        Assert.False(IntrinsicFunctionParser.TryParse(text, out _, out var error));
        Assert.Equal(offset, error!.Offset);
    }

    [Theory]
    [InlineData("States.Array(01)", 13)]
    [InlineData("States.Array(00)", 13)]
    [InlineData("States.Array(-01)", 13)]
    [InlineData("States.Array(007)", 13)]
    [InlineData("States.Array(01.5)", 13)]
    [InlineData("States.Array(1, -00.5e1)", 16)]
    [InlineData("States.MathAdd(States.ArrayLength($.a), 09)", 40)]
    public void Number_literals_with_a_leading_zero_are_positioned_errors(string text, int offset)
    {
        Assert.False(IntrinsicFunctionParser.TryParse(text, out _, out var error));
        Assert.Equal(offset, error!.Offset);
        Assert.Contains("leading zeros", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.5")]
    [InlineData("-0.25")]
    [InlineData("0e3")]
    [InlineData("10")]
    [InlineData("100.05")]
    public void Number_literals_starting_with_a_single_zero_or_other_digits_parse(string number)
    {
        var call = IntrinsicFunctionParser.Parse("States.Array(" + number + ")");
        Assert.Equal(number, Assert.IsType<IntrinsicNumberArgument>(Assert.Single(call.Arguments)).Text);
    }

    [Theory]
    // Written as in the intrinsic's text (inside JSON each backslash is doubled once more).
    [InlineData(@"'a\\{}'", @"a\|")]
    [InlineData(@"'\{}'", @"{}")]
    [InlineData(@"'{\}'", @"{}")]
    [InlineData(@"'\\\{}'", @"\{}")]
    [InlineData(@"'\\\\{}'", @"\\|")]
    [InlineData(@"'{}{}'", @"||")]
    [InlineData(@"'{{}}'", @"{|}")]
    [InlineData(@"'x\'{}\''", @"x'|'")]
    public void Template_pieces_read_each_escape_once_from_left_to_right(string literal, string piecesJoinedByBar)
    {
        var call = IntrinsicFunctionParser.Parse("States.Format(" + literal + ")");
        var template = Assert.IsType<IntrinsicStringArgument>(Assert.Single(call.Arguments));
        Assert.Equal(piecesJoinedByBar, string.Join("|", template.TemplatePieces));
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var deep = "$[?(" + string.Concat(Enumerable.Repeat("!(", 5000)) + "@.a" + new string(')', 5000) + ")]";
        Assert.False(JsonPathParser.TryParse(deep, out _, out _));
        var calls = string.Concat(Enumerable.Repeat("States.Array(", 5000)) + new string(')', 5000);
        Assert.False(IntrinsicFunctionParser.TryParse(calls, out _, out _));
    }

    [Fact]
    public void Random_text_never_crashes_the_parsers()
    {
        var alphabet = Gen.OneOfConst('$', '.', '[', ']', '(', ')', '?', '@', '\'', '"', '*', ',', ':', '-', '1', 'a', '=', '<', '!', '&', '|', '~', '/', '\\', ' ', '{', '}', 'S');
        var prefixes = Gen.OneOfConst("$", "$.", "$[?(", "States.Format(", "States.Array(", "$$.", "$v", "", "@", ".", "$.'");
        Gen.Select(prefixes, alphabet.Array[0, 40]).Sample((prefix, chars) =>
        {
            var text = prefix + new string(chars);
            _ = JsonPathParser.TryParse(text, out _, out _);
            _ = JsonPathParser.TryParse(text, JsonPathDialect.Jayway, out _, out _);
            _ = IntrinsicFunctionParser.TryParse(text, out _, out _);
        }, iter: 5000);
    }
}
