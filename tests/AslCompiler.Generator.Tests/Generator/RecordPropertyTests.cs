using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Records against the interpreter on generated definitions: chains and branches of Pass states that build, set and
/// pass on objects (paths that may name nothing, nested paths, the whole input, MathAdd, Format, constants), Choice
/// states that read them, Succeed states, and Maps over them, each run on several inputs with history off, without a
/// payload limit and under limits every few bytes (the proved bounds must fail where the interpreter's measure does).
/// Every status, output text (member order included), error and cause must be the interpreter's. The definitions come
/// from a fixed seed, so a failure names a definition that can be run again; <c>ASL_RECORD_SEED</c> runs another seed.
/// </summary>
public class RecordPropertyTests
{
    private const int Definitions = 120;
    private static readonly string[] Keys = ["a", "b", "c", "d"];

    [Fact]
    public async Task Generated_definitions_with_records_agree_with_the_interpreter()
    {
        var random = new Random(Environment.GetEnvironmentVariable("ASL_RECORD_SEED") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : 20261205);
        var definitions = new List<string>();
        var files = new List<AdditionalText>();
        for (var i = 0; i < Definitions; i++)
        {
            var definition = Definition(random);
            definitions.Add(definition);
            files.Add(GeneratorHarness.File("Gen/D" + i.ToString(CultureInfo.InvariantCulture) + ".asl.json", definition));
        }

        // A type named var in scope (ContextualKeywordTests): the generated code must not depend on `var` being unbound.
        var (_, output, sources) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(files), GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, "internal sealed class var { }"));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var withRecords = sources.Values.Count(s => s.Contains("private readonly struct Record", StringComparison.Ordinal));
        Assert.True(withRecords > Definitions / 2, withRecords + " of " + Definitions + " definitions use records.");

        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("records", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var inputs = Inputs();
            var failures = 0;
            var limitFailures = 0;
            for (var i = 0; i < Definitions; i++)
            {
                var type = assembly.GetType("Shop.Gen.D" + i.ToString(CultureInfo.InvariantCulture), throwOnError: true)!;
                var compiled = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var interpreted = AslInterpreter.Compile(definitions[i]);
                foreach (var input in inputs)
                {
                    var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = "gen", RecordHistory = false };
                    var expected = await GeneratorHarness.FixedClockKernel().RunAsync(interpreted, input, request);
                    var actual = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, input, request);
                    var where = "definition " + i + " " + definitions[i] + " on " + input.ToJsonString();
                    Assert.True(expected.Status == actual.Status, where + ": " + expected.Cause + " / " + actual.Cause);
                    Assert.True(expected.Output.ToJsonString() == actual.Output.ToJsonString(), where + ": " + expected.Output.ToJsonString() + " / " + actual.Output.ToJsonString());
                    Assert.True(expected.Error == actual.Error && expected.Cause == actual.Cause, where + ": " + expected.Cause + " / " + actual.Cause);
                    failures += expected.Status == ExecutionStatus.Failed ? 1 : 0;

                    // Under payload limits near the outputs' sizes, the compiled bounds must fail where the interpreter does.
                    foreach (var limit in Limits)
                    {
                        var limited = await GeneratorHarness.FixedClockKernel(limit).RunAsync(interpreted, input, request);
                        var compiledLimited = await GeneratorHarness.FixedClockKernel(limit).RunAsync(compiled, input, request);
                        var at = where + " under " + limit + " bytes";
                        Assert.True(limited.Status == compiledLimited.Status, at + ": " + limited.Cause + " / " + compiledLimited.Cause);
                        Assert.True(limited.Error == compiledLimited.Error && limited.Cause == compiledLimited.Cause, at + ": " + limited.Cause + " / " + compiledLimited.Cause);
                        Assert.True(limited.Output.ToJsonString() == compiledLimited.Output.ToJsonString(), at);
                        limitFailures += limited.Error == "States.DataLimitExceeded" ? 1 : 0;
                    }
                }
            }

            // Both ways through the definitions are taken: paths that name nothing fail some runs, most succeed.
            Assert.InRange(failures, Definitions / 10, Definitions * inputs.Count * 9 / 10);
            Assert.True(limitFailures > Definitions, limitFailures + " runs past a limit.");
        }
        finally
        {
            context.Unload();
        }
    }

    // Limits every few bytes across the outputs' sizes: a bound that undercounts lets an output past one through.
    private static readonly int[] Limits = Enumerable.Range(0, 200).Select(i => 30 + (15 * i)).ToArray();

    // Strings of control characters take as many bytes escaped (6 each) as the bound counts: with long ones, the slack
    // of keys and numbers cannot hide a value the bound left out.
    // (\b, \t, \n, \f and \r are left out: they are written in 2 bytes.)
    private static readonly int[] Escaped = Enumerable.Range(1, 31).Where(c => c is not (8 or 9 or 10 or 12 or 13)).ToArray();
    private static readonly string Controls = string.Concat(
        Enumerable.Range(0, 40).Select(i => "\\u" + Escaped[i % Escaped.Length].ToString("x4", CultureInfo.InvariantCulture)));

    private static List<JsonValue> Inputs() =>
    [
        JsonValue.Parse("""{"a":1,"b":"two","c":{"a":3,"b":[1,2]},"d":[1,2,3]}"""),
        JsonValue.Parse("""{"a":"x","b":2,"c":5,"d":{"a":"y"}}"""),
        JsonValue.Parse("""{"a":7,"b":8,"c":9,"d":10}"""),
        JsonValue.Parse("""{"a":{"a":1},"d":[]}"""),
        JsonValue.Parse("{\"a\":\"" + Controls + "\",\"b\":{\"a\":\"" + Controls + "\"},\"c\":\"" + Controls + "\",\"d\":[\"" + Controls + "\",{\"a\":\"" + Controls + "\"}]}"),
    ];

    /// <summary>A definition of 3 to 8 states whose transitions go forward only (so every run ends), each state reachable.</summary>
    private static string Definition(Random random)
    {
        var count = random.Next(3, 9);
        var states = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = "S" + i.ToString(CultureInfo.InvariantCulture);
            // Every state goes on to the next one (so all are reachable); Choice rules may also jump further ahead.
            var next = i + 1 < count ? "\"Next\": \"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"" : "\"End\": true";
            var roll = random.Next(10);
            string body;
            if (i == count - 1 && roll >= 7)
            {
                body = "\"Type\": \"Succeed\"";
            }
            else if (roll < 4)
            {
                body = "\"Type\": \"Pass\", \"Parameters\": " + Template(random) + ", " + next;
            }
            else if (roll < 5)
            {
                body = "\"Type\": \"Pass\", \"Result\": " + Constant(random) + ", \"ResultPath\": \"$." + Key(random) + "\", " + next;
            }
            else if (roll < 6)
            {
                body = "\"Type\": \"Pass\", \"Parameters\": " + Template(random) + ", \"ResultPath\": \"$." + Key(random) + "\", " + next;
            }
            else if (roll < 7)
            {
                body = "\"Type\": \"Pass\"" + (random.Next(2) == 0 ? ", \"InputPath\": \"$\", \"OutputPath\": \"$\"" : string.Empty) + ", " + next;
            }
            else if (roll < 9 && i + 1 < count)
            {
                var rule = random.Next(3) switch
                {
                    0 => "{ \"Variable\": \"$." + Key(random) + "\", \"IsPresent\": true, \"Next\": \"S" + random.Next(i + 1, count).ToString(CultureInfo.InvariantCulture) + "\" }",
                    1 => "{ \"Variable\": \"$." + Key(random) + "\", \"IsNumeric\": true, \"Next\": \"S" + random.Next(i + 1, count).ToString(CultureInfo.InvariantCulture) + "\" }",
                    _ => "{ \"Variable\": \"$." + Key(random) + "\", \"NumericGreaterThan\": 2, \"Next\": \"S" + random.Next(i + 1, count).ToString(CultureInfo.InvariantCulture) + "\" }",
                };
                body = "\"Type\": \"Choice\", \"Choices\": [ " + rule + " ], \"Default\": \"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"";
            }
            else
            {
                body = "\"Type\": \"Map\", \"ItemsPath\": \"$.d\", \"ItemSelector\": { \"v.$\": \"$$.Map.Item.Value\", \"k.$\": \"$." + Key(random) + "\" }, " +
                    "\"ItemProcessor\": { \"StartAt\": \"M" + name + "\", \"States\": { \"M" + name + "\": { \"Type\": \"Pass\", \"Parameters\": { \"v.$\": \"$.v\", \"i.$\": \"$$.Map.Item.Index\" }, \"End\": true } } }, " +
                    "\"ResultPath\": \"$." + Key(random) + "\", " + next;
            }

            states.Add("\"" + name + "\": { " + body + " }");
        }

        return "{ \"StartAt\": \"S0\", \"States\": { " + string.Join(", ", states) + " } }";
    }

    /// <summary>An object template of 1 to 4 distinct members: paths (some naming nothing), intrinsics and constants.</summary>
    private static string Template(Random random)
    {
        // Half the templates name every key, so that states joining at a Choice's targets often hand on records of the
        // same names in different orders (a constant member and a path member of one name sort differently).
        var keys = Keys.OrderBy(_ => random.Next()).Take(random.Next(2) == 0 ? Keys.Length : random.Next(1, 5)).ToList();
        var members = new StringBuilder();
        foreach (var key in keys)
        {
            if (members.Length > 0)
            {
                members.Append(", ");
            }

            var value = random.Next(9) switch
            {
                0 => "\"" + key + "\": " + Constant(random),
                1 => "\"" + key + ".$\": \"$\"",
                2 => "\"" + key + ".$\": \"$." + Key(random) + ".a\"",
                3 => "\"" + key + ".$\": \"States.MathAdd($." + Key(random) + ", 1)\"",
                4 => "\"" + key + ".$\": \"States.Format('<{}>', $." + Key(random) + ")\"",
                _ => "\"" + key + ".$\": \"$." + Key(random) + "\"",
            };
            members.Append(value);
        }

        return "{ " + members + " }";
    }

    private static string Constant(Random random) => random.Next(4) switch
    {
        0 => random.Next(100).ToString(CultureInfo.InvariantCulture),
        1 => "1" + new string('0', 40), // an integer beyond 64 bits: its text is longer than 24 bytes
        2 => "\"s" + random.Next(10).ToString(CultureInfo.InvariantCulture) + "\"",
        _ => "{ \"x\": " + random.Next(10).ToString(CultureInfo.InvariantCulture) + " }",
    };

    private static string Key(Random random) => Keys[random.Next(Keys.Length)];
}
