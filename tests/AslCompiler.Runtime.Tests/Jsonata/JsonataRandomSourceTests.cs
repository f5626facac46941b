using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>
/// <see cref="JsonataOptions.Random"/>: the source <c>$random()</c>, <c>$shuffle</c> and <c>$uuid()</c> draw from, so a
/// seeded one repeats; Step Functions' seeded <c>$random(seed)</c> and <see cref="JsonataOptions.UuidFactory"/> keep
/// their own values.
/// </summary>
public class JsonataRandomSourceTests
{
    private const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    private static JsonValue Eval(string expression, JsonataOptions options)
    {
        var result = JsonataExpression.Compile(expression).Evaluate(default, null, options);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    private static JsonataOptions Seeded(JsonataOptions options, int seed) => options with { Random = new Random(seed) };

    public static TheoryData<string> Dialects => new() { "standard", "stepfunctions" };

    private static JsonataOptions Dialect(string name) => name == "standard" ? JsonataOptions.Default : JsonataOptions.StepFunctions;

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Random_without_a_seed_draws_from_the_options_source(string dialect)
    {
        var options = Dialect(dialect);
        Assert.Equal(new Random(5).NextDouble(), Eval("$random()", Seeded(options, 5)).GetDouble());

        // One source, two draws: the second value is the source's second.
        var expected = new Random(5);
        var both = Eval("[$random(), $random()]", Seeded(options, 5)).GetArray().AsSpan().ToArray();
        Assert.Equal(expected.NextDouble(), both[0].GetDouble());
        Assert.Equal(expected.NextDouble(), both[1].GetDouble());
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Shuffle_draws_from_the_options_source(string dialect)
    {
        var options = Dialect(dialect);
        var first = Eval("$shuffle([1..20])", Seeded(options, 5));
        Assert.Equal(first.ToJsonString(), Eval("$shuffle([1..20])", Seeded(options, 5)).ToJsonString());
        Assert.NotEqual(first.ToJsonString(), Eval("$shuffle([1..20])", Seeded(options, 6)).ToJsonString());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), first.GetArray().AsSpan().ToArray().Select(v => v.GetDouble()).Order());
    }

    [Fact]
    public void Uuid_is_a_version_4_uuid_drawn_from_the_options_source_as_States_UUID_draws_it()
    {
        var text = Eval("$uuid()", Seeded(JsonataOptions.StepFunctions, 5)).GetString();
        Assert.Matches(UuidPattern, text);
        Assert.Equal(text, Eval("$uuid()", Seeded(JsonataOptions.StepFunctions, 5)).GetString());
        Assert.NotEqual(text, Eval("$uuid()", Seeded(JsonataOptions.StepFunctions, 6)).GetString());

        // The same bytes States.UUID() draws from the same source: one seed, one id, whichever language asks.
        var intrinsic = Intrinsics.Evaluate("States.UUID()", JsonValue.EmptyObject, new EvaluationContext { Random = new Random(5) });
        Assert.Equal(intrinsic.Value.GetString(), text);
    }

    [Fact]
    public void The_uuid_factory_comes_before_the_random_source()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var random = new Random(5);
        var options = JsonataOptions.StepFunctions with { UuidFactory = () => guid, Random = random };
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", Eval("$uuid()", options).GetString());
        Assert.Equal(new Random(5).NextDouble(), random.NextDouble()); // nothing drawn
    }

    [Fact]
    public void Random_with_a_seed_stays_java_util_Random_and_draws_nothing_from_the_source()
    {
        var random = new Random(5);
        Assert.Equal(0.7275636800328681, Eval("$random(42)", JsonataOptions.StepFunctions with { Random = random }).GetDouble());
        Assert.Equal(new Random(5).NextDouble(), random.NextDouble());
    }

    [Fact]
    public void Without_a_source_the_functions_still_draw_fresh_values()
    {
        Assert.Null(JsonataOptions.StepFunctions.Random);
        Assert.Null(JsonataOptions.Default.Random);
        var uuid = Eval("$uuid()", JsonataOptions.StepFunctions).GetString();
        Assert.Matches(UuidPattern, uuid);
        Assert.NotEqual(uuid, Eval("$uuid()", JsonataOptions.StepFunctions).GetString());
        Assert.NotEqual(Eval("$shuffle([1..50])", JsonataOptions.Default).ToJsonString(), Eval("$shuffle([1..50])", JsonataOptions.Default).ToJsonString());
    }

    [Fact]
    public void A_compiled_body_draws_from_the_options_source_as_the_evaluator_does()
    {
        // [$random(), $uuid(), $shuffle([1, 2, 3, 4, 5])] as the generator writes calls: looked up, then called.
        const string Text = "[$random(), $uuid(), $shuffle([1, 2, 3, 4, 5])]";
        var compiled = new JsonataCompiledExpression(Text, static (s, x) => JsonataOps.Array(
            false,
            0,
            s.Call(x, s.Variable("random"), 7, "random"),
            s.Call(x, s.Variable("uuid"), 18, "uuid"),
            s.Call(x, s.Variable("shuffle"), 30, "shuffle", JsonataOps.Array(false, 0, 1d, 2d, 3d, 4d, 5d))));
        var expected = JsonataExpression.Compile(Text).Evaluate(default, null, Seeded(JsonataOptions.StepFunctions, 9));
        var actual = compiled.Evaluate(default, null, Seeded(JsonataOptions.StepFunctions, 9));
        Assert.True(expected.IsSuccess, expected.Error?.ToString());
        Assert.True(actual.IsSuccess, actual.Error?.ToString());
        Assert.Equal(expected.Value.ToJsonString(), actual.Value.ToJsonString());
    }
}
