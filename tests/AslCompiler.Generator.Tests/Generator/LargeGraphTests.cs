using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Execution;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A definition of 20,000 states was one runner method with a <c>switch</c> case per state: a Debug build gives each
/// case's locals slots of their own, and past 65,534 the consumer's build failed with CS0204. A big graph's runner now
/// goes to parts of a bounded number of states (Run's loop calls the part of the current state), and a Choice state of
/// many rules creates its branches in parts and runs through the kernel's step, so no generated method grows with the
/// definition; ordinary definitions keep their runner of one <c>switch</c>.
/// </summary>
public class LargeGraphTests
{
    /// <summary>
    /// A chain of <paramref name="count"/> states: Pass states with Parameters (every third adds one to <c>sum</c>
    /// with an intrinsic), every 50th a Choice that goes to the next state when <c>flag</c> is true and skips it
    /// otherwise; <paramref name="wait"/> puts a Wait state in the middle (an asynchronous runner). Without
    /// <paramref name="records"/>, every state takes and hands on JSON (less source per state, more locals): Pass states
    /// without fields, every 10th setting <c>last</c> with a Result and a ResultPath.
    /// </summary>
    private static string Chain(int count, bool wait = false, bool records = true)
    {
        var states = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var next = i + 1 < count ? "\"Next\":\"S" + (i + 1) + "\"" : "\"End\":true";
            states.Append(i == 0 ? string.Empty : ",").Append("\"S").Append(i).Append("\":");
            if (i % 50 == 49 && i + 2 < count)
            {
                states.Append("{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.flag\",\"BooleanEquals\":true,\"Next\":\"S").Append(i + 1)
                    .Append("\"}],\"Default\":\"S").Append(i + 2).Append("\"}");
            }
            else if (wait && i == count / 2)
            {
                states.Append("{\"Type\":\"Wait\",\"Seconds\":0,").Append(next).Append('}');
            }
            else if (!records)
            {
                states.Append("{\"Type\":\"Pass\",").Append(i % 10 == 0 ? "\"Result\":" + i + ",\"ResultPath\":\"$.last\"," : string.Empty).Append(next).Append('}');
            }
            else
            {
                var sum = i % 3 == 0 ? "\"sum.$\":\"States.MathAdd($.sum, 1)\"" : "\"sum.$\":\"$.sum\"";
                states.Append("{\"Type\":\"Pass\",\"Parameters\":{").Append(sum).Append(",\"flag.$\":\"$.flag\",\"last\":").Append(i).Append("},").Append(next).Append('}');
            }
        }

        return "{\"StartAt\":\"S0\",\"States\":{" + states + "}}";
    }

    [Fact]
    public async Task A_definition_of_20000_states_compiles_in_Debug_and_Release_and_agrees_with_the_interpreter()
    {
        // Without parts: CS0204 in Debug (the runner's cases held more than 65,534 locals, the compiler's temporaries
        // included). About 700,000 lines of source: the generator runs once, and Debug and Release are emitted side by
        // side (each emit reports the compiler's diagnostics, warnings as errors).
        var definition = Chain(20_000, records: false);
        var levels = new[] { OptimizationLevel.Debug, OptimizationLevel.Release };
        var images = await EmitAsync(definition, levels);
        GC.Collect(); // the compilation and its source are no longer needed while the programs run

        for (var i = 0; i < levels.Length; i++)
        {
            var context = new AssemblyLoadContext("long-" + levels[i], isCollectible: true);
            try
            {
                var compiled = (StateMachineProgram)context.LoadFromStream(new MemoryStream(images[i])).GetType("Shop.Flows.Long", throwOnError: true)!
                    .GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                Assert.NotNull(compiled.SynchronousRoot);
                foreach (var input in new[] { """{"flag":true}""", """{"flag":false}""", """{"x":1}""", "[1]" })
                {
                    await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "long");
                }
            }
            finally
            {
                context.Unload();
            }
        }
    }

    /// <summary>Runs the generator once on <c>Flows/Long.asl.json</c> and emits the assembly at each optimization level, side by side.</summary>
    private static async Task<byte[][]> EmitAsync(string definition, OptimizationLevel[] levels)
    {
        var (_, output, sources) = GeneratorHarness.Run(
            GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/Long.asl.json", definition)]), GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        var source = sources["Flows.Long.asl.g.cs"];
        Assert.Contains("RunPart2(", source, StringComparison.Ordinal);
        Assert.True(MostCasesInOneSwitch(source) <= ProgramEmitter.MaxPartWeight, "a switch holds " + MostCasesInOneSwitch(source) + " cases");
        return await Task.WhenAll(levels.Select(level => Task.Run(() =>
        {
            using var stream = new MemoryStream();
            var emitted = output.WithOptions(output.Options.WithOptimizationLevel(level)).Emit(stream);
            Assert.True(emitted.Success, level + ": " + string.Join("\n", emitted.Diagnostics.Take(5)));
            Assert.Empty(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            return stream.ToArray();
        })));
    }

    [Fact]
    public async Task A_big_asynchronous_graph_goes_to_parts_and_agrees_with_the_interpreter()
    {
        var definition = Chain(1_500, wait: true);
        var (output, source) = GeneratorHarness.Generate("Flows/Waits.asl.json", definition);
        Assert.Contains("RunAsyncPart2(", source, StringComparison.Ordinal);
        Assert.True(MostCasesInOneSwitch(source) <= ProgramEmitter.MaxPartWeight, "a switch holds " + MostCasesInOneSwitch(source) + " cases");

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Waits", "waits");
        try
        {
            Assert.NotNull(compiled.AsynchronousRoot);
            foreach (var input in new[] { """{"sum":0,"flag":true}""", """{"sum":0,"flag":false}""", """{"flag":true}""" })
            {
                await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "waits");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task A_big_map_processor_goes_to_parts_and_takes_its_items_as_JSON()
    {
        // The processor of a small graph takes the ItemSelector's record; a parted one takes JSON (no record crosses parts).
        var definition = "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
            + "\"ItemSelector\":{\"sum.$\":\"$$.Map.Item.Value\",\"flag.$\":\"$.flag\"},\"ItemProcessor\":" + Chain(600) + ",\"End\":true}}}";
        var (output, source) = GeneratorHarness.Generate("Flows/Each.asl.json", definition);
        Assert.Contains("RunPart2(", source, StringComparison.Ordinal);

        // A parted runner's record methods stay calls: inlined into parts, a 5,000-state chain ran 6 to 15% slower.
        Assert.DoesNotContain("AggressiveInlining", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Each", "each");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            foreach (var input in new[] { """{"items":[0,10,20],"flag":true}""", """{"items":[1],"flag":false}""", """{"items":["x"],"flag":true}""" })
            {
                await GeneratorHarness.AssertAgreesWithInterpreterAsync(compiled, definition, input, GeneratorHarness.FixedClockKernel, "each");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void An_ordinary_definition_keeps_its_runner_of_one_switch()
    {
        var (_, source) = GeneratorHarness.Generate("Flows/Short.asl.json", Chain(300));
        Assert.DoesNotContain("RunPart1(", source, StringComparison.Ordinal);
        Assert.Equal(300, MostCasesInOneSwitch(source));
        Assert.Contains("AggressiveInlining", source, StringComparison.Ordinal); // its record methods go into the runner
    }

    /// <summary>The most <c>case N:</c> labels of the runner's switches in one method (the generated source's cases of one switch follow each other).</summary>
    private static int MostCasesInOneSwitch(string source)
    {
        var most = 0;
        foreach (var block in Regex.Split(source, @"switch \(state\)"))
        {
            most = Math.Max(most, Regex.Count(block.Split("default:")[0], @"\bcase \d+: //"));
        }

        return most;
    }
}
