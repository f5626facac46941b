using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using CsCheck;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>Property tests: no expression string crashes or hangs the evaluator.</summary>
public class JsonataEvaluatorPropertyTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""
        {"a": [1, 2, {"b": "x", "c": [true, null]}], "s": "hello world", "n": 3.5, "o": {"k": {"k": [1, [2, [3]]]}}}
        """);

    private static readonly JsonataOptions Guarded = JsonataOptions.StepFunctions with
    {
        Timeout = TimeSpan.FromMilliseconds(250),
        MaxDepth = 300,
        RegexTimeout = TimeSpan.FromMilliseconds(50),
    };

    private static readonly Gen<string> Token = Gen.OneOfConst(
        "a", "b", "c", "s", "n", "o", "k", "$", "$$", "$x", "$f", ".", "*", "**", "%", "[", "]", "{", "}", "(", ")", ",", ";", ":", "?",
        "+", "-", "*", "/", "%", "=", "!=", "<", ">=", "&", "and", "or", "in", "..", "~>", ":=", "^(", "#$i", "@$v", "|", "'a'", "\"b\"",
        "0", "1", "-1", "2.5", "1e300", "true", "false", "null", "/a+/i", "function($x){", "λ($x){", "$x($x)", "$sum(", "$map(", "$reduce(",
        "$string(", "$sort(", "$split(", "$replace(", "$match(", "$formatNumber(", "$fromMillis(", "$toMillis(", "$formatInteger(",
        "$parseInteger(", "$pad(", "$substring(", "$keys(", "$merge(", "$spread(", "$partition(", "$range(", "$hash(", "$parse(", "$random(",
        "$each(", "$sift(", "$zip(", "$distinct(", "$lookup(", "$number(", "$round(", "$power(", "$base64decode(", "$decodeUrl(", "'[Y0001]'",
        "'#,##0.00'", "'w'", "'SHA-256'", "$clone(", "$error(", "$assert(", "$single(", "$filter(", "$shuffle(", "$now(", "$millis()");

    private static void EvaluatesWithoutThrowing(string expression)
    {
        var result = JsonataExpression.Compile(expression).Evaluate(Input, JsonataBindings.Empty, Guarded);
        if (!result.IsSuccess)
        {
            Assert.False(string.IsNullOrEmpty(result.Error!.Code));
            Assert.True(result.Error.Code != "D0001", expression + " => " + result.Error);
        }
    }

    [Fact]
    public void Token_soup_never_throws() =>
        Token.Array[1, 14].Select(tokens => string.Join(" ", tokens)).Sample(EvaluatesWithoutThrowing, iter: 3000);

    [Fact]
    public void Random_text_never_throws() =>
        Gen.String[0, 40].Sample(EvaluatesWithoutThrowing, iter: 2000);

    /// <summary>The pieces of JavaScript (and .NET-only) regex syntax a pattern is made of.</summary>
    private static readonly Gen<string> RegexPiece = Gen.OneOfConst(
        "a", "b", "é", "_", "0", "9", "-", "^", "$", ".", "|", "*", "+", "?", "{", "}", "{2}", "{1,}", "{,2}", "(", ")", "(?:", "(?=", "(?!",
        "(?<=", "(?<!", "(?<n>", "(?<n", "(?", "(?i)", "(?>", "(?#", "(?'", "[", "]", "[^", "[]", "[^]", "\\", "\\d", "\\D", "\\w", "\\W",
        "\\s", "\\S", "\\b", "\\B", "\\k", "\\k<n>", "\\k<", "\\1", "\\2", "\\12", "\\0", "\\07", "\\8", "\\x", "\\x4",
        "\\x41", "\\u", "\\u00e", "\\u00e9", "\\c", "\\cA", "\\c1", "\\p{L}", "\\z", "\\A", "\\G", "\\_", "\\é", "\\-", "\\]");

    [Fact]
    public void Random_regex_patterns_never_throw_in_the_regex_functions() =>
        Gen.Select(RegexPiece.Array[1, 8], Gen.OneOfConst("", "i", "m"), Gen.OneOfConst("$match(s, /{0}/{1})", "$replace(s, /{0}/{1}, '<$1>')", "$split(s, /{0}/{1})", "$contains(s, /{0}/{1})"))
            .Select(t => string.Format(System.Globalization.CultureInfo.InvariantCulture, t.Item3, string.Concat(t.Item1).Replace("/", "\\/", StringComparison.Ordinal), t.Item2))
            .Sample(EvaluatesWithoutThrowing, iter: 3000);

    [Fact]
    public void Corpus_expressions_with_mutations_never_throw()
    {
        var expressions = JsonataSuite.Cases.Select(c => c.Expression).Where(e => e.Length < 400).ToArray();
        Gen.Select(Gen.Int[0, expressions.Length - 1], Gen.Int[0, 400], Gen.Char[' ', '~'])
            .Select(t =>
            {
                var e = expressions[t.Item1];
                var at = Math.Min(t.Item2, e.Length);
                return e[..at] + t.Item3 + e[at..];
            })
            .Sample(EvaluatesWithoutThrowing, iter: 2000);
    }

    [Theory]
    [InlineData("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))")]
    [InlineData("($f := function(){ $f() }; $f())")]
    [InlineData("($loop := function($n){ $loop($n + 1) }; $loop(0))")]
    [InlineData("[1..1000000].($string($) & $string($))")]
    [InlineData("$replace('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+b/, 'x')")]
    public void Hostile_expressions_fail_with_U1001(string expression)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = JsonataExpression.Compile(expression).Evaluate(default, JsonataBindings.Empty, Guarded);
        Assert.Equal("U1001", result.Error?.Code);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Deep_recursion_fails_on_a_small_stack_without_crashing()
    {
        JsonataResult result = default;
        var thread = new Thread(
            () => result = JsonataExpression.Compile("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))")
                .Evaluate(default, JsonataBindings.Empty, JsonataOptions.Default with { MaxDepth = int.MaxValue }),
            256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal("U1001", result.Error?.Code);
    }

    [Theory]
    [InlineData("$match(s, /(a+)+$/)")]
    [InlineData("$replace(s, /(a+)+$/, 'x')")]
    [InlineData("$split(s, /(a+)+$/)")]
    [InlineData("$contains(s, /(a+)+$/)")]
    [InlineData("s ~> /(a+)+$/")]
    public void A_regex_past_its_time_limit_fails_with_U1001_in_every_function(string expression)
    {
        var input = JsonValue.Parse("{\"s\":\"" + new string((char)97, 40) + "!\"}");
        var result = JsonataExpression.Compile(expression).Evaluate(input, JsonataBindings.Empty, JsonataOptions.StepFunctions with { RegexTimeout = TimeSpan.FromMilliseconds(1) });
        Assert.False(result.IsSuccess);
        Assert.Equal("U1001", result.Error!.Code);
    }
}
