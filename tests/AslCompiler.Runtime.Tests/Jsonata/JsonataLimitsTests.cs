using System.Diagnostics;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>
/// Hostile expressions end in a JSONata error, never in a crash, runaway memory or time, or a silently cut value:
/// the size limits on built strings and arrays, the deadline inside long built-ins, and the cases a fuzzing pass found.
/// </summary>
public class JsonataLimitsTests
{
    /// <summary>A value shared twice per level: 60 levels stand for a tree of 2^60 leaves.</summary>
    private const string SharedTree = "$tree := function($x, $n) { $n = 0 ? $x : $tree({'a': $x, 'b': $x}, $n - 1) }";

    /// <summary>An array of 2^22 items, built in 22 appends.</summary>
    private const string Doubled = "$double := function($a, $n) { $n = 0 ? $a : $double($append($a, $a), $n - 1) }; $a := $double([1], 22)";

    private static JsonataResult Eval(string expression, JsonataOptions? options = null) =>
        JsonataExpression.Compile(expression).Evaluate(default, null, options);

    private static string Json(string expression)
    {
        var result = Eval(expression);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value.ToJsonString();
    }

    private static JsonataError Error(string expression, JsonataOptions? options = null) =>
        Eval(expression, options).Error ?? throw new Xunit.Sdk.XunitException("no error from " + expression);

    private static void AssertSizeLimit(string expression)
    {
        var error = Error(expression);
        Assert.Equal("U1001", error.Code);
        Assert.StartsWith("Size limit exceeded: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("($f := function($s, $n) { $n = 0 ? $length($s) : $f($s & $s, $n - 1) }; $f('a', 31))")]
    [InlineData("$join([1..11].($pad('', 1000000, 'x')))")]
    [InlineData("($s := $pad('', 10000000, 'x'); $join([1..300].($s)))")]
    [InlineData("$pad('a', 2000000000)")]
    [InlineData("$pad('a', -20000000, '😀')")]
    [InlineData("$encodeUrlComponent($pad('', 1000000, '😀'))")]
    [InlineData("$encodeUrl($pad('', 1000000, '😀'))")]
    [InlineData("($r := $pad('', 101, '-'); $replace($pad('', 100000, 'a'), 'a', $r))")]
    [InlineData("($r := $pad('', 101, '-'); $replace($pad('', 100000, 'a'), /a/, $r))")]
    [InlineData("$base64encode($pad('', 8000000, 'a'))")]
    [InlineData("$fromMillis(0, '[Y,*-2000000000]')")]
    [InlineData("$fromMillis(0, '[Y,3000000000]')")]
    [InlineData("$formatInteger(1e11, 'I')")]
    [InlineData("(" + SharedTree + "; $string($tree($pad('', 100000, 'x'), 60)))")]
    public void A_string_past_the_limit_is_an_error(string expression) => AssertSizeLimit(expression);

    [Theory]
    [InlineData("($f := function($a, $n) { $n = 0 ? $count($a) : $f($append($a, $a), $n - 1) }; $f([1], 31))")]
    [InlineData("(" + Doubled + "; $count([$a, $a, $a]))")]
    [InlineData("(" + Doubled + "; $count([[$a], [$a], [$a]].$))")]
    [InlineData("(" + SharedTree + "; $tree(1, 60))")]
    [InlineData("(" + SharedTree + "; $count($clone($tree(1, 60))))")]
    public void An_array_or_a_copy_past_the_limit_is_an_error(string expression) => AssertSizeLimit(expression);

    [Theory]
    [InlineData("$map([1..1000000], function($v) { $pad('', 1000) })")] // a million strings, each within its limit
    [InlineData("($s := $pad('', 1000, 'ab'); $map([1..1000000], function($v) { $uppercase($s) }))")]
    [InlineData("$map([1..1000000], function($v) { [1..100] })")] // a million arrays, each small
    [InlineData("[1..10000000].{'a': $, 'b': $}")] // ten million small objects
    public void Many_values_each_within_its_limit_stop_at_the_limit_of_all_built(string expression)
    {
        // The size limit, not the clock, must stop these: the evaluation timeout is raised so that a loaded machine
        // (CI runs the test projects side by side on two cores) cannot reach it first. About 3 s unloaded.
        var started = Stopwatch.StartNew();
        var error = Error(expression, new JsonataOptions { Timeout = TimeSpan.FromSeconds(120) });
        Assert.Equal("U1001", error.Code);
        Assert.Equal("Size limit exceeded: the expression builds more than 40000000 array items, object members and string characters in all", error.Message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(120), expression + " stopped after " + started.Elapsed);
    }

    [Fact]
    public void What_one_evaluation_built_does_not_count_against_the_next()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("10000000", Json("$count([1..10000000])"));
        }
    }

    [Fact]
    public void The_limit_names_the_size_asked_for()
    {
        Assert.Equal(
            "Size limit exceeded: the expression builds a string of 2000000000 characters; the limit is 10000000",
            Error("$pad('a', 2000000000)").Message);
        Assert.Equal(
            "Size limit exceeded: the expression builds an array of 16777216 items; the limit is 10000000",
            Error("($f := function($a, $n) { $n = 0 ? $count($a) : $f($append($a, $a), $n - 1) }; $f([1], 31))").Message);
    }

    [Theory]
    [InlineData("$length($pad('', 10000000, 'x'))", "10000000")]
    [InlineData("$length($formatInteger(1e9, 'I'))", "1000000")]
    [InlineData("$substring($formatInteger(1e9 + 1999, 'I'), 999995)", "\"MMMMMMCMXCIX\"")]
    public void Values_up_to_the_limit_are_built_whole(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Fact]
    public void Built_ins_that_loop_over_large_inputs_stop_at_the_deadline()
    {
        // One step of the evaluator each: $match finds ten million matches, and each item of the filter builds a range
        // of ten million. Only the deadline check inside the loops stops them near the deadline.
        var options = JsonataOptions.Default with { Timeout = TimeSpan.FromMilliseconds(100) };
        foreach (var expression in new[] { "$count($match($pad('', 10000000, 'a'), /a/))", "$count([1..1000][$ in [1..10000000]])" })
        {
            var started = Stopwatch.StartNew();
            var error = Error(expression, options);
            Assert.Equal("U1001", error.Code);
            Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), expression + " stopped after " + started.Elapsed);
        }
    }

    [Theory]
    [InlineData("{'f': $acc.f ~> $uppercase}", "$c('A')")] // a composition of compositions
    [InlineData("{'f': $acc.f ~> $uppercase}", "$map(['A'], $c)")]
    [InlineData("{'f': $acc.f(?)}", "$c('A')")] // a partial application of partial applications
    [InlineData("{'f': $map(?, $acc.f)}", "$c([1])")] // a built-in given a built-in given ...
    public void Calling_function_values_nested_deeper_than_the_stack_is_U1001(string step, string call)
    {
        // A loop nests function values 100,000 deep; calling the result went from function to function with no node
        // evaluated in between, past the stack guard, and overflowed the stack, which ends the process.
        var nested = "$c := $reduce([1..100000], function($acc, $v) { " + step + " }, {'f': $lowercase}).f; ";
        var error = Error("(" + nested + call + ")");
        Assert.Equal("U1001", error.Code);
        Assert.StartsWith("Stack overflow error", error.Message, StringComparison.Ordinal);

        // Nested a thousand deep, the same values are called as usual.
        Assert.Equal("\"AB\"", Json("($c := $reduce([1..1000], function($acc, $v) { {'f': $acc.f ~> $uppercase} }, {'f': $lowercase}).f; $c('Ab'))"));
    }

    [Theory]
    [InlineData("$boolean($d)", "true")]
    [InlineData("$not($d)", "false")]
    [InlineData("$d ? 'yes' : 'no'", "\"yes\"")]
    [InlineData("$count($d[$])", "1")]
    [InlineData("$keys($d)", "\"a\"")]
    [InlineData("$lookup($d, 'a')", "0")]
    [InlineData("$d.a", "0")]
    [InlineData("$spread($d)", "[{\"a\":0}]")]
    [InlineData("$count($d.*)", "1")]
    public void Built_ins_walk_arrays_nested_deeper_than_the_stack(string expression, string expected)
    {
        // A loop nests an object in 100,000 arrays (no recursion, so no depth limit applies). Truthiness, key lookup,
        // $keys, $spread and the wildcard's flattening each recursed once per array and overflowed the stack, which
        // ends the process; they walk nested arrays without recursion now.
        const string Deep = "$d := $reduce([1..100000], function($a, $v) { [[$a]] }, {'a': 0}); ";
        Assert.Equal(expected, Json("(" + Deep + expression + ")"));
    }

    [Theory]
    [InlineData("$spread([[], 1])", "[1]")]
    [InlineData("$spread([[]])", "[]")]
    [InlineData("$spread([[{'a': 1, 'b': 2}], [[{'c': 3}]], null, 5])", "[{\"a\":1},{\"b\":2},{\"c\":3},null,5]")]
    [InlineData("$keys([[{'a': 1}], {'b': 1, 'a': 2}, [[[{'c': 1}]]], 5])", "[\"a\",\"b\",\"c\"]")]
    [InlineData("$lookup([[{'a': [1, 2]}], {'a': 3}, [[{'a': [[4]]}]]], 'a')", "[1,2,3,[4]]")]
    [InlineData("[[{'a': [1, 2]}], {'a': 3}, [[{'a': [[4]]}]]].a", "[1,2,3,4]")]
    [InlineData("$boolean([[0, [false]], [['']]])", "false")]
    [InlineData("$boolean([[0, [false]], [[' ']]])", "true")]
    [InlineData("{'x': [[[1]], [2, [3]]]}.*", "[1,2,3]")]
    public void Nested_arrays_are_walked_depth_first_as_in_jsonata(string expression, string expected) => Assert.Equal(expected, Json(expression));

    /// <summary>A million numbers, given as the input so that building them is no part of the evaluation.</summary>
    private static readonly JsonValue MillionItems = JsonValue.Parse("[" + string.Join(',', Enumerable.Range(1, 1_000_000)) + "]");

    [Theory]
    [InlineData("[1..30].($count($partition($$, 1)))")]
    [InlineData("[1..30].($count($shuffle($$)))")]
    [InlineData("[1..30].($count($reverse($$)))")]
    public void Built_ins_that_copy_large_arrays_stop_at_the_deadline(string expression)
    {
        // Thirty evaluation steps, each given a million items to copy (or to make into a million one-item arrays): too
        // few steps for the evaluator's own clock reading, so only the items, counted as work, let the deadline stop
        // them, as it stops built-ins that add items one by one. Uncounted, they end without error. The deadline is
        // 10 ms, far below what the whole work takes anywhere (a million-item copy took 94 ms for 15 on a fast CI
        // machine, where a deadline of 100 ms was not reached).
        var options = JsonataOptions.StepFunctions with { Timeout = TimeSpan.FromMilliseconds(10) };
        var started = Stopwatch.StartNew();
        var result = JsonataExpression.Compile(expression).Evaluate(MillionItems, null, options);
        var error = result.Error ?? throw new Xunit.Sdk.XunitException("no error from " + expression);
        Assert.Equal("U1001", error.Code);
        Assert.Contains("timeout", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), expression + " stopped after " + started.Elapsed);
    }

    [Fact]
    public void A_copy_of_a_shared_tree_stops_at_the_deadline()
    {
        var options = JsonataOptions.Default with { Timeout = TimeSpan.FromMilliseconds(100) };
        var started = Stopwatch.StartNew();
        Assert.Equal("U1001", Error("(" + SharedTree + "; $tree(1, 60) = $tree(1, 60))", options).Code);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), "stopped after " + started.Elapsed);
    }

    [Theory]
    [InlineData("$count($distinct([1..100000]))", "100000")]
    [InlineData("$count($distinct([1..100000].{'id': $ % 1000}))", "1000")]
    [InlineData("$formatNumber(1, $join([1..20000].('#,')) & '0')", "\"1\"")]
    [InlineData("$formatNumber(1, $join([1..20000].('0,')) & '0')", null)]
    [InlineData("$formatInteger(1, $join([1..50000].('#,')) & '0')", "\"1\"")]
    [InlineData("$count([1..100000]{'k': $}.k)", "100000")]
    [InlineData("$count($spread([1..100000].{'k': $}))", "100000")]
    [InlineData("$length($substring($pad('', 5000000, 'x'), 1))", "4999999")]
    public void Built_ins_run_in_near_linear_time(string expression, string? expected)
    {
        // Each took from seconds to minutes when it was quadratic.
        var started = Stopwatch.StartNew();
        var result = Eval(expression);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        if (expected is not null)
        {
            Assert.Equal(expected, result.Value.ToJsonString());
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), expression + " took " + started.Elapsed);
    }

    [Theory]
    [InlineData("$toMillis('2020', $pad('', 128000, '😀'))", JsonataDialect.StepFunctions)] // took a minute
    [InlineData("$toMillis('2020', $pad('', 256000, '中'))", JsonataDialect.StepFunctions)]
    [InlineData("$count($match($pad('', 256000, '中'), $eval('/' & $pad('', 256000, '中') & '/i')))", JsonataDialect.Standard)] // took 25 s
    public void A_case_insensitive_pattern_with_a_long_run_of_caseless_characters_is_built_in_linear_time(string expression, JsonataDialect dialect)
    {
        // .NET builds a long run of characters that have no other case slowly (in the square of its length) under
        // IgnoreCase; the pattern of a $toMillis picture and a /.../i regex both had such runs. Regex construction is
        // not covered by the match timeout, so this was a hang rather than an error.
        var started = Stopwatch.StartNew();
        var result = JsonataExpression.Compile(expression).Evaluate(default, null, JsonataOptions.Default with { Dialect = dialect });
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), expression + " took " + started.Elapsed);
    }

    [Theory]
    [InlineData("$replace('XaYY中中+', /xAy{2}中{2}\\+/i, '-')", "\"-\"")]
    [InlineData("$replace('xAyY12 中中x中', /XAy{2,}1{1}2 (中)+X中/i, '-')", "\"-\"")]
    [InlineData("$match('A中中中B', /a(中)+b/i).groups", "[\"中\"]")]
    [InlineData("$toMillis('2020年1月', '[Y]年[M]月')", "1577836800000")]
    [InlineData("$toMillis('2020 JAN 中 x', '[Y] [MNn,3-3] 中 X')", "1577836800000")]
    public void Case_insensitive_patterns_match_caseless_characters_quantifiers_and_literals_as_before(string expression, string expected) =>
        Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$o = $o", "true")]
    [InlineData("$o = $same", "true")]
    [InlineData("$o != $same", "false")]
    [InlineData("$o = $other", "false")]
    [InlineData("$o != $other", "true")]
    [InlineData("[$o, 0] = [$same, 0]", "true")]
    [InlineData("$count($distinct([$o, $same, $other, $o]))", "2")]
    public void Deep_equality_compares_values_nested_deeper_than_the_stack(string comparison, string expected)
    {
        // A loop builds a value 100,000 objects deep (no recursion, so no depth limit applies); comparing it recursed
        // once per level and overflowed the stack, which ends the process. The innermost values tell $other apart.
        const string Deep = "$deep := function($inner) { $reduce([1..100000], function($a, $v) { {'a': $a} }, $inner) }; ";
        Assert.Equal(expected, Json("(" + Deep + "$o := $deep(1); $same := $deep(1); $other := $deep(2); " + comparison + ")"));
    }

    [Theory]
    [InlineData("$number(' 0o7')", "7")]
    [InlineData("$number('0x1F ')", "31")]
    [InlineData("$number('0x1F\\n')", "31")] // was an internal error (D0001)
    [InlineData("$number('0B11')", "3")]
    [InlineData("$number('0x20000000000001F')", "1.441151880758559E17")] // 2^57 + 31, rounded to the nearest double
    [InlineData("$number('0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')", "3.402823669209385E38")] // 2^128
    [InlineData("$number('0x000000' & $pad('', 255, 'F'))", "1.1235582092889474E307")]
    [InlineData("$toMillis('2020-01-01T10:11:12.345+01:30')", "1577868072345")]
    public void Number_texts_are_read_as_jsonata_reads_them(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$number('12\\n')", "D3030")] // .NET's $ also matched before a final newline: 12
    [InlineData("$number('12 ')", "D3030")]
    [InlineData("$number('\\u00a00x1F')", "D3030")]
    [InlineData("$number('0x1Fzz')", "D1001")] // JSONata's test lets it through and Number gives NaN
    [InlineData("$number('x0o7')", "D1001")]
    [InlineData("$number('0x' & $pad('', 256, 'F'))", "D1001")] // Infinity
    [InlineData("$number('0x1Fzz') + 1", "T2001")]
    [InlineData("$toMillis('2020-01-01\\n')", "D3110")] // was 1577836800000
    [InlineData("$toMillis('٢٠٢٠-01-01')", "D3110")] // .NET's \d took Arabic-Indic digits, then int.Parse failed: D0001
    [InlineData("$toMillis('2020-01-01T00:00:00.٥Z')", "D3110")]
    [InlineData("$toMillis('2020-01-01T00:00:00+01:0٠')", "D3110")]
    public void Number_and_timestamp_texts_jsonata_rejects_are_errors(string expression, string code) => Assert.Equal(code, Error(expression).Code);

    [Theory]
    [InlineData("$string(-(1/0))")] // was D3001 from $string
    [InlineData("$trim('a', -(1/0))")] // was T0410 from the signature
    [InlineData("-(1e308 * 10)")]
    public void Negating_an_infinity_is_D1001_as_jsonata_isNumeric_makes_it(string expression)
    {
        var error = Error(expression);
        Assert.Equal("D1001", error.Code);
        Assert.Equal("Number out of range: Infinity", error.Message);
    }

    [Fact]
    public void A_picture_matches_the_whole_timestamp_and_no_final_newline()
    {
        Assert.True(Eval("$toMillis('2020\n', '[Y]')").IsUndefined); // was 1577836800000
        Assert.Equal("1577836800000", Json("$toMillis('2020', '[Y]')"));
    }

    [Fact]
    public void Grouping_a_picture_of_many_groups_puts_every_separator()
    {
        var text = Eval("$formatNumber(1, $join([1..20000].('0,')) & '0')").Value.GetString();
        Assert.Equal(40001, text.Length);
        Assert.Equal(string.Concat(Enumerable.Repeat("0,", 20000)) + "1", text);
    }

    [Fact]
    public void Distinct_keeps_the_first_of_deeply_equal_items_in_order() =>
        Assert.Equal(
            """[1,"1",[1,2],{"a":1,"b":[2]},0,null,true,[2,1],{"a":{"b":1}},{"a":{"b":2}}]""",
            Json("""$distinct([1, "1", [1, 2], [1, 2], {"a": 1, "b": [2]}, {"b": [2], "a": 1}, 0, -0, null, null, true, [2, 1], {"a": {"b": 1}}, {"a": {"b": 2}}, {"a": {"b": 1}}])"""));

    [Theory]
    [InlineData("$round(1.5, 400)", "1.5")]
    [InlineData("$round(1.5, 1e10)", "1.5")]
    [InlineData("$round(1.5, -400)", "0")]
    [InlineData("$round(1e300, 400)", "1.0E300")]
    [InlineData("$round(1.5e-320, 330)", "1.5E-320")]
    [InlineData("$round(1.5e-320, 320)", "2.0E-320")]
    [InlineData("$round(2.5)", "2")]
    [InlineData("$round(1.005, 2)", "1")]
    [InlineData("$round(-1.25, 1)", "-1.2")]
    public void Round_with_a_large_precision_keeps_the_number(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Fact]
    public void FormatNumber_prints_more_fraction_digits_than_javascript_allows() =>
        Assert.Equal("\"1." + new string('0', 400) + "\"", Json("$formatNumber(1, '0.' & $join([1..400].('0')))"));

    [Fact]
    public void A_lone_surrogate_in_a_picture_is_a_sequence_format_not_supported()
    {
        Assert.Equal("D3130", Error("$fromMillis(0, '[Y\\ud800]')").Code);
        Assert.Equal("D3130", Error("$formatInteger(5, '\\udc00')").Code);
        Assert.Equal("\"2\u00a0024\"", Json("$formatInteger(2024, '0\u00a0000')"));
    }

    [Fact]
    public void A_lone_surrogate_in_parse_is_one_code_unit()
    {
        // JSON.parse and Jackson both read "\ud800" as that one UTF-16 unit, and so does the runtime's reader.
        var result = JsonataExpression.Compile("$length($parse('\"\\\\ud800x\"'))").Evaluate(default, null, JsonataOptions.StepFunctions);
        Assert.Null(result.Error);
        Assert.Equal("2", result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$fromMillis(0, '[MNn,*--5]')", "\"\"")]
    [InlineData("$fromMillis(1522703100000, '[FNn,*-3]')", "\"Mon\"")]
    public void A_negative_name_width_is_read_as_javascript_reads_it(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$toMillis('275760-09-13', '[Y]-[M]-[D]')", "8640000000000000")]
    [InlineData("$toMillis('275760-09-12 23', '[Y]-[M]-[D] [H]')", "8639999996400000")]
    public void ToMillis_reads_the_ends_of_the_date_range(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$toMillis('275760-09-14', '[Y]-[M]-[D]')")]
    [InlineData("$toMillis('300000', '[Y]')")]
    [InlineData("$toMillis('99999999999999999999', '[Y]')")]
    [InlineData("$toMillis('2024-01-01 99999999999', '[Y]-[M]-[D] [H]')")]
    public void ToMillis_past_the_date_range_is_NaN_as_in_javascript(string expression)
    {
        // Date.UTC's NaN: no number at the result, and arithmetic on it is JSONata's type error.
        var error = Error(expression);
        Assert.Equal("D1001", error.Code);
        Assert.Equal("Number out of range: NaN", error.Message);
        Assert.Equal("T2001", Error(expression + " + 1").Code);
    }

    [Theory]
    [InlineData("$fromMillis(1e300)", "D1001", "Number out of range: 1e+300 ($fromMillis takes milliseconds from -8640000000000000 to 8640000000000000, the dates JavaScript represents)")]
    [InlineData("$fromMillis(8.64e15 + 1)", "D1001", "Number out of range: 8640000000000001 ($fromMillis takes milliseconds from -8640000000000000 to 8640000000000000, the dates JavaScript represents)")]
    [InlineData("$fromMillis(8.64e15, '[Y]', '+0100')", "D1001", "Number out of range: 8640000000000000 in timezone \"+0100\" ($fromMillis takes milliseconds from -8640000000000000 to 8640000000000000, the dates JavaScript represents)")]
    [InlineData("$fromMillis(0, '[H]', 'garbage')", "D3030", "Unable to cast value to a number: \"garbage\" (the timezone of $fromMillis, an offset such as \"+0100\" or \"-0530\")")]
    [InlineData("$now('[H]', 'garbage')", "D3030", "Unable to cast value to a number: \"garbage\" (the timezone of $now, an offset such as \"+0100\" or \"-0530\")")]
    public void FromMillis_errors_name_the_function_and_the_value(string expression, string code, string message)
    {
        var error = Error(expression);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void FromMillis_formats_the_ends_of_the_date_range() =>
        // The ISO picture's four-digit year keeps the year's last four digits, as in JSONata.
        Assert.Equal(
            """["5760-09-13T00:00:00.000Z","-271821-04-20"]""",
            Json("[$fromMillis(8.64e15), $fromMillis(-8.64e15, '[Y1]-[M01]-[D01]')]"));

    [Fact]
    public void Running_out_of_memory_or_stack_is_an_error_not_a_crash()
    {
        // The last resort, when the limits still let an evaluation exhaust memory or stack. (Thrown here by a test hook
        // the evaluation calls, as the runtime would throw them.)
#pragma warning disable CA2201 // The test stands in for the runtime, which throws these.
        foreach (var exception in new Exception[] { new OutOfMemoryException(), new InsufficientExecutionStackException() })
#pragma warning restore CA2201
        {
            var options = JsonataOptions.StepFunctions with { UuidFactory = () => throw exception };
            var result = JsonataExpression.Compile("$uuid()").Evaluate(default, null, options);
            Assert.Equal("U1001", result.Error?.Code);
        }
    }
}
