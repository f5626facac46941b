using System.Text;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// The payload check measures a value's JSON text without writing it: its bound never falls below the text's UTF-8
/// size, and its exact measure is that size, numbers included (Java's double text, and the kept digits of an integer
/// beyond 64 bits or of a double that overflowed).
/// </summary>
public class PayloadSizeTests
{
    private static readonly string Digits400 = "9" + new string('0', 399);

    public static TheoryData<string> Values() => new()
    {
        "1",
        "-9223372036854775808",
        "9223372036854775807",
        "1.0",
        "1.5e7",
        "-2.2250738585072014E-308",
        "1e20",
        "0.1",
        Digits400,
        "-" + Digits400,
        Digits400 + ".5",
        "1e400",
        "\"caf\\u00e9 \\ud83d\\ude00 \\u0001 \\\" \\\\\"",
        "\"lines\\nand\\ttabs\\r\\b\\f\\u001f\"",
        "[1.0, 2, " + Digits400 + ", {\"a\": [true, null, 3.25]}]",
        "{\"n\": " + Digits400 + ", \"d\": 100.0, \"s\": \"x\"}",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void The_measure_is_the_size_of_the_text_and_the_bound_is_at_least_that(string json)
    {
        var value = JsonValue.Parse(json);
        var size = Encoding.UTF8.GetByteCount(value.ToJsonString());

        Assert.Equal(size, PayloadSize.Measure(value, int.MaxValue));
        Assert.True(PayloadSize.Bound(value, int.MaxValue) >= size, "bound below " + size);
        Assert.True(PayloadSize.Bound(JsonValue.Parse(json), 1_000_000) >= size, "bound below " + size + " under a limit");
        Assert.True(PayloadSize.Exceeds(value, size - 1));
        Assert.False(PayloadSize.Exceeds(value, size));
    }

    [Fact]
    public void A_bound_given_to_a_new_container_is_kept_and_never_replaces_a_kept_size()
    {
        // A generated runner hands on each record's object with the bound it proved (CompiledJson.WithBound): the Map's
        // check of its result then reads the items' bounds instead of walking them.
        var built = JsonValue.Parse("{\"a\": \"xyz\", \"b\": [1, 2]}");
        var size = Encoding.UTF8.GetByteCount(built.ToJsonString());
        Compiled.CompiledJson.WithBound(built, 1000);
        Assert.Equal(1000, PayloadSize.Bound(built, int.MaxValue));
        Assert.Equal(1000, PayloadSize.Bound(JsonValue.FromArray(JsonArrayValue.FromOwnedArray([built])), int.MaxValue) - 3);
        Assert.Equal(size, PayloadSize.Measure(built, int.MaxValue)); // the exact measure does not read a bound
        Assert.False(PayloadSize.Exceeds(built, size));
        Assert.True(PayloadSize.Exceeds(built, size - 1));

        // A size kept before (here the exact one, just measured) stays; no bound, or one too large to keep, keeps nothing.
        Compiled.CompiledJson.WithBound(built, 5);
        Assert.Equal(size, PayloadSize.Bound(built, int.MaxValue));
        var fresh = JsonValue.Parse("[\"abc\"]");
        Compiled.CompiledJson.WithBound(fresh, -1);
        Compiled.CompiledJson.WithBound(fresh, long.MaxValue);
        Assert.Equal(2 + 1 + (6 * 3) + 2, PayloadSize.Bound(fresh, int.MaxValue));
        Assert.Equal(JsonValue.True, Compiled.CompiledJson.WithBound(JsonValue.True, 10));
    }

    [Fact]
    public void Sizes_kept_on_shared_parts_never_change_a_decision()
    {
        // Random values that share parts (as outputs share their inputs'), checked in random order under random limits:
        // a part measured once keeps its exact size, a part bounded once its bound, and every decision must still be the
        // written text's size against the limit.
        var random = new Random(20261205);
        for (var round = 0; round < 200; round++)
        {
            var pool = new List<JsonValue>();
            for (var i = 0; i < 30; i++)
            {
                pool.Add(RandomValue(random, pool, 0));
            }

            for (var check = 0; check < 200; check++)
            {
                var value = pool[random.Next(pool.Count)];
                var size = Encoding.UTF8.GetByteCount(value.ToJsonString());
                var limit = random.Next(3) == 0 ? size + random.Next(-2, 3) : random.Next(1, 2 * size + 10);
                Assert.True(PayloadSize.Exceeds(value, limit) == size > limit, "size " + size + ", limit " + limit + ": " + value.ToJsonString());
                if (random.Next(4) == 0)
                {
                    Assert.Equal(size, PayloadSize.Measure(value, int.MaxValue));
                }
            }
        }
    }

    private static JsonValue RandomValue(Random random, List<JsonValue> pool, int depth)
    {
        var roll = depth > 3 ? random.Next(6) : random.Next(9);
        switch (roll)
        {
            case 0:
                return random.Next(3) switch { 0 => JsonValue.Null, 1 => JsonValue.True, _ => JsonValue.False };
            case 1:
                return JsonValue.Parse(random.Next(4) switch
                {
                    0 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    1 => (random.NextDouble() * Math.Pow(10, random.Next(-10, 12))).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    2 => "1" + new string('0', random.Next(18, 60)),
                    _ => "1e400",
                });
            case 2:
            case 3:
            case 4:
            {
                var text = new StringBuilder();
                for (var i = random.Next(0, 40); i > 0; i--)
                {
                    text.Append(random.Next(8) switch
                    {
                        0 => '\n',
                        1 => (char)random.Next(1, 32),
                        2 => '"',
                        3 => '\u00e9',
                        4 => '\u4e2d',
                        _ => (char)random.Next('a', 'z' + 1),
                    });
                }

                return text.ToString();
            }

            case 5 when pool.Count > 0:
                return pool[random.Next(pool.Count)]; // a shared part
            case 5:
            case 6:
            {
                var items = new JsonValue[random.Next(0, 5)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = RandomValue(random, pool, depth + 1);
                }

                return JsonValue.FromArray(JsonArrayValue.Create(items));
            }

            default:
            {
                var members = new KeyValuePair<string, JsonValue>[random.Next(0, 5)];
                for (var i = 0; i < members.Length; i++)
                {
                    members[i] = new("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + (random.Next(3) == 0 ? "\t" : string.Empty), RandomValue(random, pool, depth + 1));
                }

                return JsonValue.CreateObject(members);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_output_of_long_numbers_or_short_escapes_fails_past_the_limit_and_succeeds_within_it(bool history)
    {
        // Each member holds a 400-digit integer (or a double that overflowed, kept as its text): the output is over
        // 800 bytes, though it holds only two numbers. Or a string of newlines and tabs, 2 bytes each escaped (not the
        // 6 of other control characters): an output within the limit must not be failed.
        const string definition = """{"StartAt":"Twice","States":{"Twice":{"Type":"Pass","Parameters":{"a.$":"$.n","b.$":"$.n"},"End":true}}}""";
        var program = AslInterpreter.Compile(definition);
        foreach (var member in new[] { Digits400, Digits400 + ".5", "\"" + string.Concat(Enumerable.Repeat("\\n\\t", 200)) + "\"" })
        {
            var input = JsonValue.Parse("{\"n\":" + member + "}");
            var output = JsonValue.Parse("{\"a\":" + member + ",\"b\":" + member + "}");
            var size = Encoding.UTF8.GetByteCount(output.ToJsonString());

            var failed = await RunAsync(program, input, size - 1, history);
            Assert.Equal(ExecutionStatus.Failed, failed.Status);
            Assert.Equal("States.DataLimitExceeded", failed.Error);
            Assert.Equal(ExecutionRun.ResultTooLarge("Twice"), failed.Cause);

            var succeeded = await RunAsync(program, input, size, history);
            Assert.Equal(ExecutionStatus.Succeeded, succeeded.Status);
            Assert.Equal(output.ToJsonString(), succeeded.Output.ToJsonString());
        }
    }

    [Fact]
    public async Task An_input_of_a_long_number_past_the_limit_fails_the_execution()
    {
        var program = AslInterpreter.Compile("""{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""");
        var result = await RunAsync(program, JsonValue.Parse("[" + Digits400 + "]"), 300, history: false);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.DataLimitExceeded", result.Error);
    }

    private static ValueTask<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, int limit, bool history) =>
        new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = limit })
            .RunAsync(program, input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history });
}
