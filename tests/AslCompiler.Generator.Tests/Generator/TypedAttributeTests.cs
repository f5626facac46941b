using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary><c>[StateMachineTypes]</c> on your half of a generated class gives the typed <c>RunAsync</c>, as the item metadata does.</summary>
public class TypedAttributeTests
{
    // The machine of the metadata's tests: the same typed RunAsync either way.
    private const string Definition = TypedRunTests.Definition;

    /// <summary>The JSON RunAsyncs that take handlers (with handlers, and on a kernel); a typed one takes them too.</summary>
    private const int JsonRunAsyncs = 2;

    private const string Types = """
        namespace Shop
        {
            internal sealed record Order(string OrderId, int Amount);
            internal sealed record Receipt(string OrderId, int Total);
            internal static class Tools { }
            internal sealed class Box<T> { public T? Value { get; set; } }
            [System.Obsolete("use Order")] internal sealed record OldOrder(string OrderId, int Amount);
        }
        """;

    [Fact]
    public async Task The_attribute_gives_a_typed_RunAsync_that_serializes_the_input_and_deserializes_the_output()
    {
        const string code = """
            using System.Threading.Tasks;
            using AslCompiler.Runtime.Compiled;
            namespace Shop
            {
                [StateMachineTypes(InputType = typeof(Order), OutputType = typeof(Receipt))]
                public partial class Orders { }

                internal static class Checkout
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
                    public static async Task<string> RunAsync(int amount)
                    {
                        try
                        {
                            Receipt receipt = await Orders.RunAsync(new NoHandlers(), new Order("A-1", amount), null);
                            return receipt.OrderId + " " + receipt.Total;
                        }
                        catch (StateMachineExecutionException e)
                        {
                            return e.Error + ": " + e.CauseText;
                        }
                    }
                }
            }
            """;
        var (diagnostics, output) = Generate(code, Types);
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));

        var typed = Typed(output);
        Assert.Equal("Shop.Order", typed.Parameters[1].Type.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.ValueTask<Shop.Receipt>", typed.ReturnType.ToDisplayString());
        Assert.Equal(Accessibility.Internal, typed.DeclaredAccessibility); // a public class over internal types

        var (checkout, context) = Load(output, "Shop.Checkout");
        Assert.Equal("A-1 42", await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [37])!);
        Assert.Equal("Order.TooLarge: over the limit", await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [2000])!);
        context.Unload();
    }

    [Theory]
    [InlineData("InputType = typeof(Order)", "Shop.Order", "AslCompiler.Runtime.Json.JsonValue")]
    [InlineData("OutputType = typeof(Receipt)", "AslCompiler.Runtime.Json.JsonValue", "Shop.Receipt")]
    [InlineData("InputType = typeof(System.Collections.Generic.List<Order>), OutputType = typeof(Receipt[])", "System.Collections.Generic.List<Shop.Order>", "Shop.Receipt[]")]
    [InlineData("InputType = typeof((Order, int)), OutputType = typeof(Box<Receipt>)", "(Shop.Order, int)", "Shop.Box<Shop.Receipt>")]
    [InlineData("InputType = typeof(int?), OutputType = typeof(string)", "int?", "string")]
    public void Either_side_alone_or_any_constructed_type_is_typed_and_the_other_side_stays_JsonValue(string arguments, string input, string outputType)
    {
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(" + arguments + ")] partial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var typed = Typed(output);
        Assert.Equal(input, typed.Parameters[1].Type.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.ValueTask<" + outputType + ">", typed.ReturnType.ToDisplayString());
    }

    [Fact]
    public void An_attribute_without_types_or_with_null_ones_adds_nothing()
    {
        foreach (var arguments in new[] { string.Empty, "(InputType = null)" })
        {
            var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes" + arguments + "] partial class Orders { } }";
            var (diagnostics, output) = Generate(code, Types);

            Assert.Empty(diagnostics);
            Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
            Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length);
        }
    }

    [Fact]
    public void Metadata_on_one_side_and_the_attribute_on_the_other_combine()
    {
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(OutputType = typeof(Receipt))] partial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types, ("AslInputType", "Shop.Order"));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var typed = Typed(output);
        Assert.Equal("Shop.Order", typed.Parameters[1].Type.ToDisplayString());
        Assert.Equal("System.Threading.Tasks.ValueTask<Shop.Receipt>", typed.ReturnType.ToDisplayString());
    }

    [Theory]
    [InlineData("AslInputType", "Shop.Order", "InputType = typeof(Order)", "input")]
    [InlineData("AslOutputType", "Shop.Order", "OutputType = typeof(Receipt)", "output")]
    public void A_side_named_by_both_the_metadata_and_the_attribute_is_ASL1009_at_the_attribute_and_no_typed_RunAsync(string key, string metadata, string arguments, string side)
    {
        var code = "namespace Shop {\n[AslCompiler.Runtime.Compiled.StateMachineTypes(" + arguments + ")]\npartial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types, (key, metadata));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1009", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("'Shop.Orders' is given its typed " + side + " twice: " + key + " '" + metadata + "' on 'Orders.asl.json' and [StateMachineTypes] ", message, StringComparison.Ordinal);
        Assert.EndsWith("The typed RunAsync is not generated.", message, StringComparison.Ordinal);
        AssertAtAttribute(diagnostic, line: 1);
        Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length);
    }

    [Theory]
    [InlineData("InputType = typeof(Shop.Tools)", "[StateMachineTypes] InputType typeof(Shop.Tools) cannot be the typed RunAsync's input: CS0721: ")] // a static class
    [InlineData("OutputType = typeof(System.Span<int>)", "[StateMachineTypes] OutputType typeof(System.Span<int>) cannot be the typed RunAsync's output: CS0306: ")] // a ref struct
    [InlineData("OutputType = typeof(void)", "[StateMachineTypes] OutputType typeof(void) cannot be the typed RunAsync's output: ")]
    [InlineData("InputType = typeof(System.Collections.Generic.List<>)", "[StateMachineTypes] InputType typeof(System.Collections.Generic.List<>) cannot be the typed RunAsync's input: it is an open generic type")]
    [InlineData("OutputType = typeof(Box<>)", "[StateMachineTypes] OutputType typeof(Shop.Box<>) cannot be the typed RunAsync's output: it is an open generic type")]
    public void A_type_the_typed_RunAsync_cannot_use_is_ASL1005_at_the_attribute_and_no_typed_RunAsync(string arguments, string expected)
    {
        var code = "namespace Shop {\n\n[AslCompiler.Runtime.Compiled.StateMachineTypes(" + arguments + ")]\npartial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types, ("AslInputType", string.Empty));

        // The attribute itself is good C# (typeof of any of these is allowed), so ours is the only error.
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1005", diagnostic.Id);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.StartsWith("The " + expected, message, StringComparison.Ordinal);
        Assert.EndsWith("The typed RunAsync is not generated.", message, StringComparison.Ordinal);
        AssertAtAttribute(diagnostic, line: 2);
        Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length);
    }

    [Fact]
    public void A_metadata_type_that_cannot_be_used_is_still_reported_on_the_file_next_to_an_attribute_side()
    {
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(OutputType = typeof(Receipt))] partial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types, ("AslInputType", "Shop.Tools"));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1005", diagnostic.Id);
        Assert.StartsWith("The AslInputType 'Shop.Tools' cannot be the typed RunAsync's input: CS0721: ", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length);
    }

    [Fact]
    public void A_type_that_does_not_exist_is_only_the_CSharp_error_at_the_attribute()
    {
        // C# reports CS0246 where the attribute is; the generated file adds neither a typed RunAsync nor errors of its own.
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Missing), OutputType = typeof(Receipt))] partial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types);

        Assert.Empty(diagnostics);
        var errors = GeneratorHarness.WarningsAndErrors(output);
        Assert.Equal("CS0246", Assert.Single(errors).Id);
        Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length);
    }

    [Fact]
    public void An_obsolete_type_is_warned_of_by_CSharp_at_the_attribute_only()
    {
        // The typeof in your code gives CS0618 there; the generated file silences it around the typed RunAsync, and no
        // ASL1006 repeats it.
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(OldOrder))] partial class Orders { } }";
        var (diagnostics, output) = Generate(code, Types);

        Assert.Empty(diagnostics);
        var warning = Assert.Single(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal("CS0618", warning.Id);
        Assert.DoesNotContain(".g.cs", warning.Location.SourceTree!.FilePath, StringComparison.Ordinal);
        Assert.Equal("Shop.OldOrder", Typed(output).Parameters[1].Type.ToDisplayString());
    }

    [Fact]
    public async Task A_private_nested_type_makes_a_private_typed_RunAsync_that_your_half_can_call()
    {
        const string code = """
            using System.Threading.Tasks;
            using AslCompiler.Runtime.Compiled;
            namespace Shop
            {
                [StateMachineTypes(InputType = typeof(Request), OutputType = typeof(Reply))]
                public partial class Orders
                {
                    private sealed record Request(string OrderId, int Amount);
                    private sealed record Reply(string OrderId, int Total);
                    private sealed class NoHandlers : IHandlers { }
                    internal static async Task<int> TotalAsync(int amount) => (await RunAsync(new NoHandlers(), new Request("A-1", amount), null)).Total;
                }
            }
            """;
        var (diagnostics, output) = Generate(code);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(Accessibility.Private, Typed(output).DeclaredAccessibility);
        var (orders, context) = Load(output, "Shop.Orders");
        Assert.Equal(42, await (Task<int>)orders.GetMethod("TotalAsync", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [37])!);
        context.Unload();
    }

    [Fact]
    public void Your_own_RunAsync_with_the_typed_signature_is_ASL1008()
    {
        // Your half's members are checked against the typed RunAsync the attribute asks for, as against the metadata's.
        const string code = """
            namespace Shop
            {
                [AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Order))]
                partial class Orders
                {
                    public static System.Threading.Tasks.ValueTask<AslCompiler.Runtime.Json.JsonValue> RunAsync(IHandlers handlers, Order input, System.Text.Json.JsonSerializerOptions? json, AslCompiler.Runtime.Execution.ExecutionOptions? options = null, System.Threading.CancellationToken cancellationToken = default) => default;
                }
            }
            """;
        var (diagnostics, _) = Generate(code, Types);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1008", diagnostic.Id);
        Assert.Contains("the typed method 'RunAsync(IHandlers, input, JsonSerializerOptions?, ExecutionOptions?, CancellationToken)'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("namespace Shop {\n[AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Order))]\npartial class Invoices { } }", "'Shop.Invoices' has no effect: no *.asl.json file generates it.", 1)]
    [InlineData("namespace Shop { partial class Orders {\n[AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Order))]\nprivate sealed class Inner { } } }", "'Shop.Orders.Inner' has no effect: a nested or generic class is never generated.", 1)]
    [InlineData("namespace Shop.Workflows {\n\n[AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Shop.Order))]\npartial class Orders { } }", "'Shop.Workflows.Orders' has no effect: no *.asl.json file generates it.", 2)]
    public void The_attribute_on_a_class_no_definition_generates_is_ASL1010_at_the_attribute(string code, string expected, int line)
    {
        var (diagnostics, output) = Generate(code, Types);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1010", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity); // an error here only as the harness makes warnings errors
        Assert.Contains(expected, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        AssertAtAttribute(diagnostic, line);
        Assert.Equal(JsonRunAsyncs, RunAsyncs(output).Length); // Orders, the generated class, is untouched
    }

    [Fact]
    public void The_attribute_on_a_shell_gives_a_typed_RunAsync_that_throws()
    {
        var code = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Order), OutputType = typeof(Receipt))] partial class Orders { } }";
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definitions.Broken)])
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, Types, code), out var output, out var diagnostics);

        Assert.Empty(diagnostics); // the definition's errors are the analyzer's
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal("Shop.Order", Typed(output).Parameters[1].Type.ToDisplayString());
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Generate(string code, string? types = null, (string Key, string Value)? metadata = null)
    {
        var items = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        if (metadata is { } pair)
        {
            items["Orders.asl.json"] = new Dictionary<string, string> { [pair.Key] = pair.Value };
        }

        var sources = types is null ? new[] { code } : [types, code];
        GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: items)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, sources), out var output, out var diagnostics);
        return (diagnostics, output);
    }

    /// <summary>The RunAsyncs that take handlers (not the handler-less one of a definition without Task states).</summary>
    private static IMethodSymbol[] RunAsyncs(Compilation output) =>
        output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().Where(m => m.Parameters.Any(p => p.Type.Name == "IHandlers")).ToArray();

    private static IMethodSymbol Typed(Compilation output) => Assert.Single(RunAsyncs(output), m => m.Parameters.Any(p => p.Name == "json"));

    /// <summary>The diagnostic is on the attribute: in your C# file, on the attribute's line (zero-based).</summary>
    private static void AssertAtAttribute(Diagnostic diagnostic, int line)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.DoesNotContain(".asl.json", span.Path, StringComparison.Ordinal);
        Assert.Equal(line, span.StartLinePosition.Line);
        Assert.Equal(1, span.StartLinePosition.Character); // after '['
    }

    private static (Type Type, AssemblyLoadContext Context) Load(Compilation output, string typeName) =>
        GeneratorHarness.LoadType(output, typeName, "TypedAttribute");
}
