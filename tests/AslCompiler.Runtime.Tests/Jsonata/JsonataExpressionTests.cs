using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>The public evaluation API: results, errors, clock, guardrails and the JSON boundary.</summary>
public class JsonataExpressionTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            return now;
        }
    }

    [Theory]
    [InlineData("\"\\ud800\"", "\"\\ud800\"")]
    [InlineData("$string(\"\\ud800\")", "\"\\ud800\"")]
    [InlineData("$length(\"\\ud800\")", "1")]
    [InlineData("$substring(\"a\\udc00b\", 1, 1)", "\"\\udc00\"")]
    [InlineData("$string({\"a\": \"\\ud800\"})", "\"{\\\"a\\\":\\\"\\\\ud800\\\"}\"")]
    [InlineData("$length($string({\"a\": \"\\ud800\"}))", "14")]
    [InlineData("$string(\"\\ud800\\udc00\")", "\"\U00010000\"")]
    public void A_lone_surrogate_from_an_escape_is_kept_as_jsonata_js_keeps_it(string expression, string expected)
    {
        // JavaScript strings may hold a lone surrogate; JSON.stringify writes it as an escape (not U+FFFD).
        var result = JsonataExpression.Compile(expression).Evaluate(default);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(result.Value.ToUtf8Bytes()));
    }

    [Fact]
    public void Syntax_errors_are_returned_not_thrown()
    {
        var expression = JsonataExpression.Compile("a.[");
        Assert.False(expression.IsValid);
        Assert.StartsWith("S0", expression.Evaluate(default).Error!.Code);
    }

    [Fact]
    public void Runtime_errors_carry_code_message_position_and_token()
    {
        var error = JsonataExpression.Compile("1 + 'a'").Evaluate(default).Error!;
        Assert.Equal("T2002", error.Code);
        Assert.Equal(2, error.Position);
        Assert.Equal("+", error.Token);
        Assert.Equal("The right side of the \"+\" operator must evaluate to a number", error.Message);
    }

    [Theory]
    [InlineData("zero-digit")]
    [InlineData("decimal-separator")]
    [InlineData("grouping-separator")]
    [InlineData("digit")]
    [InlineData("pattern-separator")]
    [InlineData("exponent-separator")]
    [InlineData("percent")]
    [InlineData("minus-sign")]
    public void FormatNumber_with_an_empty_property_answers_or_refuses_the_picture(string property)
    {
        // An empty zero-digit indexed past its end (D0001, an internal error) and, past that, stripped empty zeros forever.
        foreach (var picture in new[] { "#,##0.00", "#,###.##", "0.0e0", "#%" })
        {
            var result = JsonataExpression.Compile("$formatNumber(-1234.5, '" + picture + "', {'" + property + "': ''})").Evaluate(default);
            Assert.True(result.Error is null || result.Error.Code.StartsWith("D30", StringComparison.Ordinal), result.Error?.Code + ": " + result.Error?.Message);
        }
    }

    [Fact]
    public void Undefined_is_distinct_from_null()
    {
        Assert.True(JsonataExpression.Compile("nothing").Evaluate(JsonValue.EmptyObject).IsUndefined);
        Assert.True(JsonataExpression.Compile("null").Evaluate(default).Value.IsNull);
    }

    [Fact]
    public void Now_and_millis_come_from_the_clock_once_per_evaluation()
    {
        var clock = new FixedClock(DateTimeOffset.Parse("2024-11-04T11:41:45.123Z", System.Globalization.CultureInfo.InvariantCulture));
        var result = JsonataExpression.Compile("[$now(), $millis(), $now() = $now()]").Evaluate(default, null, JsonataOptions.Default with { Clock = clock });
        Assert.Equal("""["2024-11-04T11:41:45.123Z",1730720505123,true]""", result.Value.ToJsonString());
        Assert.Equal(1, clock.Reads);
    }

    [Theory]
    [InlineData("$sum([1, 2])", "3")]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("1e21", "1.0E21")]
    [InlineData("$string(1e21)", "\"1e+21\"")]
    [InlineData("$string(0.1 + 0.2)", "\"0.3\"")]
    [InlineData("7 / 2", "3.5")]
    public void Numbers_cross_the_json_boundary_as_integers_when_integral(string expression, string json) =>
        Assert.Equal(json, JsonataExpression.Compile(expression).Evaluate(default).Value.ToJsonString());

    [Fact]
    public void Bindings_are_visible_as_variables() =>
        Assert.Equal("15", JsonataExpression.Compile("$a * $b").Evaluate(default, JsonataBindings.FromObject(JsonValue.Parse("""{"a": 3, "b": 5}"""))).Value.ToJsonString());

    [Fact]
    public void Depth_limit_stops_runaway_recursion()
    {
        var result = JsonataExpression.Compile("($f := function($n){ $n + $f($n) }; $f(1))").Evaluate(default, null, JsonataOptions.Default with { MaxDepth = 200 });
        Assert.Equal("U1001", result.Error?.Code);
    }

    [Fact]
    public void Tail_recursion_runs_in_constant_depth()
    {
        var result = JsonataExpression.Compile("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(20000, 0))")
            .Evaluate(default, null, JsonataOptions.Default with { MaxDepth = 200 });
        Assert.Equal("20000", result.Value.ToJsonString());
    }

    [Fact]
    public void Time_limit_stops_infinite_loops()
    {
        var result = JsonataExpression.Compile("($f := function(){ $f() }; $f())").Evaluate(default, null, JsonataOptions.Default with { Timeout = TimeSpan.FromMilliseconds(100) });
        Assert.Equal("U1001", result.Error?.Code);
    }

    [Fact]
    public void Input_objects_are_shared_not_copied()
    {
        var input = JsonValue.Parse("""{"a": {"b": [1, 2]}}""");
        var result = JsonataExpression.Compile("a").Evaluate(input);
        Assert.Same(input["a"].GetObject(), result.Value.GetObject());
    }
}

/// <summary>An infinity returned by one function ($sum of huge numbers) and passed to another ends in an error or text, never a hang or a crash.</summary>
public class JsonataInfinityArgumentTests
{
    [Theory]
    [InlineData("$formatInteger($sum([1e308, 1e308]), 'w')")]
    [InlineData("$formatInteger($sum([1e308, 1e308]), 'I')")]
    [InlineData("$formatInteger($sum([1e308, 1e308]), 'a')")]
    [InlineData("$formatInteger($sum([1e308, 1e308]), '1')")]
    [InlineData("$pad('a', $sum([1e308, 1e308]))")]
    public void An_infinite_argument_is_out_of_range(string expression) =>
        Assert.Equal("D1001", JsonataExpression.Compile(expression).Evaluate(default).Error?.Code);

    [Fact]
    public void FormatBase_prints_an_infinity_as_javascript_does() =>
        Assert.Equal("\"Infinity\"", JsonataExpression.Compile("$formatBase($sum([1e308, 1e308]), 2)").Evaluate(default).Value.ToJsonString());

    [Fact]
    public void A_picture_marker_starting_with_a_comma_is_read_as_javascript_reads_it() =>
        Assert.Equal("\" Monday\"", JsonataExpression.Compile("$fromMillis(1522703100000, '[,F0] [FNn]')").Evaluate(default).Value.ToJsonString());

    [Theory]
    [InlineData("$pad('a', 6, '12')", "\"a12121\"")]
    [InlineData("$pad('a', -4, '😀x')", "\"😀x😀a\"")]
    public void Pad_repeats_the_pad_string_by_code_points(string expression, string expected) =>
        Assert.Equal(expected, JsonataExpression.Compile(expression).Evaluate(default).Value.ToJsonString());
}

/// <summary>$formatNumber with an exponent scales a negative number by its magnitude (it had run off to -Infinity).</summary>
public class JsonataFormatNumberExponentTests
{
    [Theory]
    [InlineData("$formatNumber(-1234.5678, '00.000e0')", "\"-12.346e2\"")]
    [InlineData("$formatNumber(1234.5678, '00.000e0')", "\"12.346e2\"")]
    [InlineData("$formatNumber(-0.00012, '0.0e0')", "\"-1.2e-4\"")]
    [InlineData("$formatNumber(-1234.5678, \"①①.①①①e①\", {\"zero-digit\": \"⑟\"})", "\"-①②.③④⑥e②\"")]
    public void A_negative_number_gets_its_mantissa_and_exponent(string expression, string expected) =>
        Assert.Equal(expected, JsonataExpression.Compile(expression).Evaluate(default).Value.ToJsonString());
}
