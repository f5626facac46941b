using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The typed <c>RunAsync</c> takes the accessibility its types allow: a public class whose AslInputType or AslOutputType
/// is internal got a public typed RunAsync over an internal type (CS0051, CS0050) inside the generated file.
/// </summary>
public class TypedAccessibilityTests
{
    private const string Definition = """
        { "StartAt": "Receipt", "States": { "Receipt": { "Type": "Pass", "Parameters": { "OrderId.$": "$.OrderId", "Total.$": "States.MathAdd($.Amount, 5)" }, "End": true } } }
        """;

    private const string Types = """
        #pragma warning disable CS1591
        namespace Shop
        {
            internal sealed record Order(string OrderId, int Amount);
            internal sealed record Receipt(string OrderId, int Total);
            public sealed record PublicOrder(string OrderId, int Amount);
            public sealed record PublicReceipt(string OrderId, int Total);
            internal static class Outer { public sealed record Inner(string OrderId, int Total); }
            public class Base { protected sealed record Protected(string OrderId, int Amount); }
        }
        """;

    [Theory]
    [InlineData("public", "Shop.Order", "Shop.Receipt", Accessibility.Internal)] // internal types
    [InlineData("public", "Shop.PublicOrder", "Shop.Receipt", Accessibility.Internal)] // one of them internal
    [InlineData("public", "Shop.PublicOrder", "System.Collections.Generic.List<Shop.Receipt>", Accessibility.Internal)] // a type argument
    [InlineData("public", "Shop.Order[]", "Shop.PublicReceipt", Accessibility.Internal)] // an array's element
    [InlineData("public", "(Shop.PublicOrder, Shop.Order)", "Shop.PublicReceipt", Accessibility.Internal)] // a tuple's element
    [InlineData("public", "Shop.PublicOrder", "Shop.Outer.Inner", Accessibility.Internal)] // public, nested in an internal class
    [InlineData("public", "Shop.PublicOrder", "Shop.Outer+Inner", Accessibility.Internal)]
    [InlineData("public", "Shop.PublicOrder", "Shop.PublicReceipt", Accessibility.Public)] // public types: public, as before
    [InlineData("public", "Shop.PublicOrder", "", Accessibility.Public)]
    [InlineData("", "Shop.Order", "Shop.Receipt", Accessibility.Public)] // an internal class: public members, as before
    [InlineData("public", "Nested", "Shop.PublicReceipt", Accessibility.Private)] // a private type nested in the class
    [InlineData("", "Nested", "Shop.Receipt", Accessibility.Private)]
    [InlineData("public", "System.Collections.Generic.List<Nested>", "Shop.PublicReceipt", Accessibility.Private)]
    [InlineData("public", "Protected", "Shop.PublicReceipt", Accessibility.Private)] // a protected type of the base class
    public void The_typed_RunAsync_is_as_accessible_as_its_types(string classAccessibility, string input, string outputType, Accessibility expected)
    {
        var userCode = Types + "\nnamespace Shop { " + classAccessibility + " partial class Orders : Base { private sealed record Nested(string OrderId, int Amount); } }";
        var (diagnostics, output) = Run(userCode, input, outputType);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0050, CS0051
        var typed = output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().Single(m => m.Parameters.Any(p => p.Name == "json"));
        Assert.Equal(expected, typed.DeclaredAccessibility);
        Assert.Equal(expected, Assert.Single(TypeInfoRunTests.TypeInfoRuns(output)).DeclaredAccessibility); // JsonTypeInfo<T> is as accessible as T
    }

    [Fact]
    public async Task An_internal_typed_RunAsync_and_a_private_one_run()
    {
        const string callerOutside = """

            namespace Shop
            {
                public partial class Orders : Base { }

                public static class Checkout
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
                    public static async System.Threading.Tasks.Task<string> RunAsync() => (await Orders.RunAsync(new NoHandlers(), new Order("A-1", 37), null)).ToString();
                }
            }
            """;
        const string callerInside = """

            namespace Shop
            {
                public partial class Orders : Base
                {
                    private sealed class NoHandlers : IHandlers { }
                    private sealed record Nested(string OrderId, int Amount);
                    public static async System.Threading.Tasks.Task<string> RunNestedAsync() => (await RunAsync(new NoHandlers(), new Nested("B-2", 1), null)).ToString();
                }
            }
            """;
        var internalOne = Load(Types + callerOutside, "Shop.Order", "Shop.Receipt");
        var privateOne = Load(Types + callerInside, "Nested", "Shop.Receipt");

        Assert.Equal("Receipt { OrderId = A-1, Total = 42 }", await (Task<string>)internalOne.Assembly.GetType("Shop.Checkout")!.GetMethod("RunAsync")!.Invoke(null, null)!);
        Assert.Equal("Receipt { OrderId = B-2, Total = 6 }", await (Task<string>)privateOne.GetMethod("RunNestedAsync")!.Invoke(null, null)!);
    }

    private static (System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(string userCode, string input, string outputType)
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = input, ["AslOutputType"] = outputType },
        };
        GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode), out var output, out var diagnostics);
        return (diagnostics, output);
    }

    private static Type Load(string userCode, string input, string outputType)
    {
        var (diagnostics, output) = Run(userCode, input, outputType);
        Assert.Empty(diagnostics);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return new AssemblyLoadContext("TypedAccessibility", isCollectible: true).LoadFromStream(new MemoryStream(stream.ToArray())).GetType("Shop.Orders", throwOnError: true)!;
    }
}
