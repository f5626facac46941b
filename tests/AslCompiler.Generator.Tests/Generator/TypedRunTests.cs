using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary><c>AslInputType</c>/<c>AslOutputType</c> item metadata give a typed <c>RunAsync</c> (System.Text.Json in and out).</summary>
public class TypedRunTests
{
    private const string Definition = """
        {
          "StartAt": "Receipt",
          "States": {
            "Receipt": { "Type": "Pass", "Parameters": { "OrderId.$": "$.OrderId", "Total.$": "States.MathAdd($.Amount, 5)" }, "Next": "Check" },
            "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.Total", "NumericGreaterThan": 1000, "Next": "TooMuch" } ], "Default": "Done" },
            "TooMuch": { "Type": "Fail", "Error": "Order.TooLarge", "Cause": "over the limit" },
            "Done": { "Type": "Succeed" }
          }
        }
        """;

    private const string UserCode = """
        using System.Threading.Tasks;
        namespace Shop
        {
            internal sealed record Order(string OrderId, int Amount);
            internal sealed record Receipt(string OrderId, int Total);
            internal static class Checkout
            {
                private sealed class NoHandlers : Orders.IHandlers { }
                public static async Task<string> RunAsync(int amount)
                {
                    try
                    {
                        var receipt = await Orders.RunAsync(new NoHandlers(), new Order("A-1", amount), null);
                        return receipt.OrderId + " " + receipt.Total;
                    }
                    catch (global::AslCompiler.Runtime.Compiled.StateMachineExecutionException e)
                    {
                        return e.Error + ": " + e.CauseText;
                    }
                }
            }
        }
        """;

    [Fact]
    public async Task Typed_RunAsync_serializes_the_input_and_deserializes_the_output()
    {
        var checkout = Build();
        var result = await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [37])!;

        Assert.Equal("A-1 42", result);
    }

    [Fact]
    public async Task Typed_RunAsync_throws_with_the_error_and_cause_when_the_execution_fails()
    {
        var checkout = Build();
        var result = await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [2000])!;

        Assert.Equal("Order.TooLarge: over the limit", result);
    }

    [Fact]
    public void Without_types_only_the_JSON_entry_points_exist()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        var runs = output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().ToArray();
        Assert.Equal(2, runs.Length);
        Assert.All(runs, m => Assert.Contains(m.Parameters, p => p.Type.Name == "JsonValue"));
    }

    private static Type Build()
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslOutputType"] = "Shop.Receipt" },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, UserCode));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));

        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("Typed", isCollectible: true);
        return context.LoadFromStream(stream).GetType("Shop.Checkout")!;
    }
}
