using AslCompiler.Language.Jsonata;

namespace AslCompiler.Language.Tests.Jsonata;

public sealed class JsonataSyntaxErrorTests
{
    [Theory]
    [InlineData("\"abc", "S0101", 4, null, "String literal must be terminated by a matching quote")]
    [InlineData("1e999", "S0102", 0, "1e999", "Number out of range: 1e999")]
    [InlineData("\"a\\qb\"", "S0103", 3, "q", "Unsupported escape sequence: \\q")]
    [InlineData("\"\\u12G4\"", "S0104", 2, null, "The escape sequence \\u must be followed by 4 hex digits")]
    [InlineData("`abc", "S0105", 4, null, "Quoted property name must be terminated with a backquote (`)")]
    [InlineData("1 /* never closed", "S0106", 2, null, "Comment has no closing tag")]
    [InlineData("1 2", "S0201", 2, "2", "Syntax error: 2")]
    [InlineData("[1,2)", "S0202", 4, ")", "Expected ], got )")]
    [InlineData("(1", "S0203", 2, "(end)", "Expected ) before end of expression")]
    [InlineData("1 ! 2", "S0204", 2, "!", "Unknown operator: !")]
    [InlineData("a ~ b", "S0204", 2, "~", "Unknown operator: ~")]
    [InlineData("1 +", "S0207", 3, "(end)", "Unexpected end of expression")]
    [InlineData("function(a){1}", "S0208", 9, "a", "Parameter 1 of function definition must be a variable name (start with $)")]
    [InlineData("$x{'b': c}[0]", "S0209", 10, null, "A predicate cannot follow a grouping expression in a step")]
    [InlineData("a{'b': c}{'d': e}", "S0210", 9, null, "Each step can only have one grouping expression")]
    [InlineData(")", "S0211", 0, ")", "The symbol ) cannot be used as a unary operator")]
    [InlineData("a := 1", "S0212", 0, "a", "The left side of := must be a variable name (start with $)")]
    [InlineData("a.1", "S0213", 2, null, "The literal value 1 cannot be used as a step within a path expression")]
    [InlineData("a.true", "S0213", 2, null, "The literal value true cannot be used as a step within a path expression")]
    [InlineData("a@b", "S0214", 2, "@", "The right side of @ must be a variable name (start with $)")]
    [InlineData("a#1", "S0214", 2, "#", "The right side of # must be a variable name (start with $)")]
    [InlineData("a[0]@$x", "S0215", 4, null, "A context variable binding must precede any predicates on a step")]
    [InlineData("a^(b)@$x", "S0216", 5, null, "A context variable binding must precede the 'order-by' clause on a step")]
    [InlineData("%", "S0217", 0, "parent", "The object representing the 'parent' cannot be derived from this expression")]
    [InlineData("$.%", "S0217", 0, "variable", "The object representing the 'parent' cannot be derived from this expression")]
    [InlineData("$match(a, //)", "S0301", 11, null, "Empty regular expressions are not allowed")]
    [InlineData("$match(a, /ab)", "S0302", 14, null, "No terminating / in regular expression")]
    [InlineData("function($x)<n<n>>{1}", "S0401", 14, null, "Type parameters can only be applied to functions and arrays")]
    [InlineData("function($x)<(a<n>)>{1}", "S0402", 13, null, "Choice groups containing parameterized types are not supported")]
    public void Each_error_has_JSONata_code_position_token_and_message(string expression, string code, int start, string? token, string message)
    {
        var result = JsonataParser.Parse(expression);
        Assert.False(result.Success);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(start, result.Error.Start);
        Assert.Equal(token, result.Error.Token);
        Assert.Equal(message, result.Error.Message);
        Assert.InRange(result.Error.End, result.Error.Start, expression.Length);
        Assert.Null(result.Root);
    }

    [Theory]
    [InlineData("1 & \"abc", "S0101", 4)]
    [InlineData("1 & 'abc", "S0101", 4)]
    [InlineData("a.`b c", "S0105", 2)]
    [InlineData("[1,2)", "S0202", 4)]
    public void An_unclosed_string_s_token_starts_at_its_opening_quote(string expression, string code, int tokenStart)
    {
        // JSONata reports an unclosed string at the end of the expression; an editor underlines it from its quote.
        var error = JsonataParser.Parse(expression).Error!;

        Assert.Equal(code, error.Code);
        Assert.Equal(tokenStart, error.TokenStart);
        Assert.Equal(code == "S0202" ? tokenStart : expression.Length, error.Start);
    }

    [Theory]
    [InlineData("a ?: b")]
    [InlineData("a ?? b")]
    public void Operators_added_after_2_0_6_are_syntax_errors(string expression)
    {
        // '?:' (default) and '??' (coalescing) arrived in JSONata 2.1.0; Step Functions pins 2.0.6.
        Assert.Equal("S0211", JsonataParser.Parse(expression).Error!.Code);
    }

    [Fact]
    public void Large_flat_expressions_parse_without_hanging()
    {
        // A hang guard, not a speed test (speed is for benchmarks/): the bound is far above a loaded CI machine's time.
        var expression = "[" + string.Join(",", Enumerable.Repeat("a.b[c > 1]", 50_000)) + "]";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(JsonataParser.Parse(expression).Success);
        Assert.True(watch.ElapsedMilliseconds < 60_000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Expected_token_is_the_error_value()
    {
        var error = JsonataParser.Parse("[1:2]").Error!;
        Assert.Equal("S0202", error.Code);
        Assert.Equal("]", error.Value);
        Assert.Equal(":", error.Token);
        Assert.Equal(2, error.Start);
        Assert.Equal(3, error.End);
    }

    [Fact]
    public void Syntax_errors_win_over_post_processing_errors()
    {
        // '$.7' alone is S0213, but the trailing 'a' is a syntax error found first, as in JSONata.
        Assert.Equal("S0201", JsonataParser.Parse("$.7a").Error!.Code);
        Assert.Equal("S0213", JsonataParser.Parse("$.7").Error!.Code);
    }

    [Fact]
    public void Unterminated_comment_at_the_very_end()
    {
        Assert.Equal("S0106", JsonataParser.Parse("/*").Error!.Code);
        Assert.Equal("S0106", JsonataParser.Parse("1 /*/").Error!.Code);
        Assert.True(JsonataParser.Parse("1 /**/").Success);
    }

    [Fact]
    public void Backslash_at_the_end_of_a_string_is_an_unsupported_escape()
    {
        var error = JsonataParser.Parse("\"abc\\").Error!;
        Assert.Equal("S0103", error.Code);
        Assert.Equal(string.Empty, error.Token);
    }

    [Fact]
    public void Regex_closing_slash_after_an_even_number_of_backslashes_ends_the_regex()
    {
        var ok = JsonataParser.Parse("$match(a, /\\\\/)");
        Assert.True(ok.Success, ok.Error?.ToString());
        Assert.Equal("S0302", JsonataParser.Parse("$match(a, /\\/)").Error!.Code);
    }

    [Theory]
    [InlineData("(", 500)]
    [InlineData("[", 500)]
    [InlineData("-", 500)]
    [InlineData("$a := ", 500)]
    [InlineData("a ? b : ", 500)]
    [InlineData("{'a': ", 500)]
    [InlineData("$f(", 500)]
    public void Deep_nesting_is_a_clean_error(string opener, int count)
    {
        var expression = string.Concat(Enumerable.Repeat(opener, count)) + "1";
        var error = JsonataParser.Parse(expression).Error!;
        Assert.Equal("U1001", error.Code);
        Assert.Contains("200", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", ".b", "")]
    [InlineData("1", " + 1", "")]
    [InlineData("'a'", " & 'b'", "")]
    [InlineData("a", "[0]", "")]
    [InlineData("a", "{'k': 1}", "")]
    public void Long_left_deep_chains_are_bounded_too(string first, string link, string last)
    {
        var expression = first + string.Concat(Enumerable.Repeat(link, 1000)) + last;
        var result = JsonataParser.Parse(expression);
        Assert.Equal("U1001", result.Error?.Code);
    }

    [Fact]
    public void Nesting_within_the_limit_parses()
    {
        var expression = new string('(', 150) + "1" + new string(')', 150);
        Assert.True(JsonataParser.Parse(expression).Success);
        var custom = JsonataParser.Parse(expression, new JsonataParserOptions { MaxDepth = 100 });
        Assert.Equal("U1001", custom.Error!.Code);
    }
}
