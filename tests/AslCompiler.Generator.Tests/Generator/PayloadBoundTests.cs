using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The synchronous runner skips walking a Pass state's output while the bound the generator proved from the input's
/// bound is within the payload limit. A payload that doubles at every state, under many limits: the compiled class
/// fails at the same state as the interpreter (each state has its own name, so the state that failed tells the round),
/// or succeeds with the same output.
/// </summary>
public class PayloadBoundTests
{
    private const int Rounds = 12;

    [Fact]
    public async Task A_growing_payload_fails_at_the_same_state_compiled_and_interpreted()
    {
        var definition = Definition();
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/Grow.asl.json", definition)]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = sources["Flows.Grow.asl.g.cs"];

        // The doubling states and the ResultPath states have a proved bound; the Format state has none.
        Assert.Contains("frame.ExceedsPayloadLimit(output, ref sizeBound, ", source, StringComparison.Ordinal);
        Assert.Contains("frame.ExceedsPayloadLimit(output, ref sizeBound))", source, StringComparison.Ordinal);

        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Grow", "grow");
        try
        {
            var interpreted = AslInterpreter.Compile(definition);
            var failedAt = new HashSet<string>(StringComparer.Ordinal);
            foreach (var leaf in new[] { "x", "xyz", "\u00e9\u00e9\u00e9\u00e9\u00e9" })
            {
                var input = JsonValue.Parse("{\"data\":\"" + leaf + "\",\"keep\":{\"k\":[1,2]}}");
                for (var limit = 60; limit < 400_000; limit = (limit * 5 / 4) + 1)
                {
                    var expected = await RunAsync(interpreted, input, limit);
                    var actual = await RunAsync(compiled, input, limit);
                    Assert.True(expected.Status == actual.Status, "limit " + limit + ", leaf " + leaf + ": " + expected.Cause + " / " + actual.Cause);
                    Assert.Equal(expected.Error, actual.Error);
                    Assert.Equal(expected.Cause, actual.Cause);
                    Assert.Equal(expected.Output, actual.Output);
                    if (expected.Cause is { } cause)
                    {
                        failedAt.Add(cause);
                    }
                }
            }

            // The limits reach every round: the comparison saw failures at many different states.
            Assert.True(failedAt.Count >= Rounds, string.Join(" | ", failedAt));
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Rounds of: double the data (Parameters), set a member (Result at a ResultPath), select it back (OutputPath), then a Format.</summary>
    private static string Definition()
    {
        var states = new StringBuilder();
        for (var i = 1; i <= Rounds; i++)
        {
            var next = i == Rounds ? "Label" : "Double" + (i + 1);
            states.Append("\"Double").Append(i).Append("\": { \"Type\": \"Pass\", \"Parameters\": { \"n.$\": \"States.MathAdd(1, ").Append(i)
                .Append(")\", \"data\": { \"a.$\": \"$.data\", \"b.$\": \"$.data\" }, \"keep.$\": \"$.keep\", \"id.$\": \"States.UUID()\" }, \"Next\": \"Mark").Append(i).Append("\" },");
            states.Append("\"Mark").Append(i).Append("\": { \"Type\": \"Pass\", \"Result\": { \"round\": ").Append(i)
                .Append(", \"tag\": \"long enough tag text\" }, \"ResultPath\": \"$.meta.last\", \"Next\": \"Pick").Append(i).Append("\" },");
            states.Append("\"Pick").Append(i).Append("\": { \"Type\": \"Pass\", \"InputPath\": \"$\", \"Parameters\": { \"data.$\": \"$.data\", \"keep.$\": \"$.keep\", \"meta.$\": \"$.meta\" }, \"OutputPath\": \"$\", \"Next\": \"")
                .Append(next).Append("\" },");
        }

        states.Append("\"Label\": { \"Type\": \"Pass\", \"Parameters\": { \"text.$\": \"States.Format('{}', $.keep)\", \"data.$\": \"$.data\" }, \"End\": true }");
        return "{ \"StartAt\": \"Double1\", \"States\": { " + states + " } }";
    }

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, int maxPayload)
    {
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = maxPayload, Random = new Random(3) });
        return await kernel.RunAsync(program, input, new ExecutionRequest { Name = "grow", RecordHistory = false });
    }
}
