using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary><c>AslInputType</c>/<c>AslOutputType</c> item metadata give a typed <c>RunAsync</c> (System.Text.Json in and out).</summary>
public class TypedRunTests
{
    internal const string Definition = """
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

    [Theory]
    [InlineData("Shop.Order", "Shop.Receipt")]
    [InlineData("Shop.Order", "")]
    [InlineData("", "Shop.Receipt")]
    public void Typed_RunAsync_tells_trim_and_AOT_analysis_that_it_may_serialize_by_reflection(string inputType, string outputType)
    {
        // Without the attributes the trim and AOT analyzers (IsAotCompatible, PublishTrimmed) reported IL2026 and
        // IL3050 inside the generated file, where a warnings-as-errors build fails and nothing can be fixed.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = inputType, ["AslOutputType"] = outputType },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata);
        const string types = "namespace Shop { internal sealed record Order(string OrderId, int Amount); internal sealed record Receipt(string OrderId, int Total); }";
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));

        var typed = Assert.Single(
            output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>(),
            m => m.Parameters.Any(p => p.Type.Name == "JsonSerializerOptions"));
        var attributes = typed.GetAttributes().Select(a => a.AttributeClass!.ToDisplayString()).ToArray();
        Assert.Contains("System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute", attributes);
        Assert.Contains("System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute", attributes);
    }

    [Fact]
    public void Without_types_only_the_JSON_entry_points_exist()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        var runs = output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().Where(m => m.Parameters.Any(p => p.Type.Name == "IHandlers")).ToArray();
        Assert.Equal(2, runs.Length);
        Assert.All(runs, m => Assert.Contains(m.Parameters, p => p.Type.Name == "JsonValue"));
    }

    [Theory]
    [InlineData("Shop.Order", "global::Shop.Order")]
    [InlineData("global::Shop.Order", "global::Shop.Order")]
    [InlineData("Order", "Order")]
    [InlineData("Box<Shop.Order>", "Box<global::Shop.Order>")]
    [InlineData("System.Collections.Generic.Dictionary<string, Shop.Order>", "global::System.Collections.Generic.Dictionary<string, global::Shop.Order>")]
    [InlineData("(Shop.Order, int)", "(global::Shop.Order, int)")]
    [InlineData("Shop.Outer+Inner", "global::Shop.Outer.Inner")]
    [InlineData("Shop.Outer.Inner[]?", "global::Shop.Outer.Inner[]?")]
    [InlineData("class", null)]
    [InlineData("Shop.Order<", null)]
    [InlineData("Shop.Order // note", null)]
    [InlineData("Shop.Order input", null)]
    public void A_type_name_gets_global_on_each_dotted_name_in_it(string name, string? written)
    {
        Assert.Equal(written, AslGenerator.TypeNameOf(name));
    }

    [Theory]
    [InlineData("(Shop.Order, int)")] // was global::(Shop.Order, int): syntax errors
    [InlineData("Box<Shop.Order>")] // was global::Box<Shop.Order>: CS0400
    [InlineData("Shop.Outer+Inner")] // the metadata name was written as it is: syntax errors
    public void A_generic_tuple_or_nested_type_name_compiles(string name)
    {
        const string types = """
            namespace Shop
            {
                internal sealed record Order(string OrderId, int Amount);
                internal sealed class Box<T> { public T? Value { get; set; } }
                internal static class Outer { internal sealed class Inner { public string? OrderId { get; set; } } }
            }
            """;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = name, ["AslOutputType"] = name },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var typed = output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().Single(m => m.Parameters.Any(p => p.Name == "json"));
        Assert.NotEqual("JsonValue", typed.Parameters[1].Type.Name);
    }

    [Theory]
    [InlineData("AslInputType", "class")]
    [InlineData("AslOutputType", "Shop.Receipt<")]
    [InlineData("AslOutputType", "Shop.Receipt // the receipt")]
    [InlineData("AslOutputType", "void")]
    public void A_type_name_that_is_not_a_CSharp_type_is_ASL1004_and_no_typed_RunAsync(string key, string name)
    {
        // Written into the generated file as it was, such a name made a cascade of C# syntax errors there.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslOutputType"] = "Shop.Receipt", [key] = name },
        };
        foreach (var definition in new[] { Definition, Definitions.Broken })
        {
            var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)], itemMetadata: metadata)
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, "namespace Shop { internal sealed record Order(string OrderId, int Amount); internal sealed record Receipt(string OrderId, int Total); }"), out var output, out var diagnostics);

            Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("ASL1004", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Contains("The " + key + " '" + name + "' is not a C# type name", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Equal(2, RunAsyncsTakingHandlers(output)); // the JSON ones
        }
    }

    [Theory]
    [InlineData("AslInputType", "Shop.Missing", "CS0234")] // no such type
    [InlineData("AslOutputType", "Missing", "CS0246")]
    [InlineData("AslOutputType", "System.Collections.Generic.List<Shop.Missing>", "CS0234")]
    [InlineData("AslInputType", "Shop.Tools", "CS0721")] // a static class
    [InlineData("AslOutputType", "Shop.Tools", "CS0718")]
    [InlineData("AslOutputType", "System.Collections.Generic.List<Shop.Tools>", "CS0718")]
    [InlineData("AslInputType", "Shop.Tools[]", "CS0719")]
    [InlineData("AslInputType", "Shop.Outer.Hidden", "CS0122")] // not accessible from the class
    [InlineData("AslOutputType", "Shop", "CS0118")] // a namespace
    [InlineData("AslInputType", "System.Span<int>", "CS4012")] // a ref struct: no async method takes or returns one
    [InlineData("AslOutputType", "System.Span<int>", "CS0306")]
    [InlineData("AslInputType", "int*", "CS4005")] // a pointer: no async method takes one
    [InlineData("AslOutputType", "System.Nullable<string>", "CS0453")] // a constraint not met
    public void A_type_that_cannot_be_the_typed_input_or_output_is_ASL1005_and_no_typed_RunAsync(string key, string name, string code)
    {
        // Such a type was written into the typed RunAsync, and the build failed on C# errors inside the generated file.
        const string types = """
            namespace Shop
            {
                internal sealed record Order(string OrderId, int Amount);
                internal sealed record Receipt(string OrderId, int Total);
                internal static class Tools { }
                internal static class Outer { private sealed class Hidden { } }
            }
            """;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslOutputType"] = "Shop.Receipt", [key] = name },
        };
        foreach (var definition in new[] { Definition, Definitions.Broken })
        {
            var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)], itemMetadata: metadata)
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types), out var output, out var diagnostics);

            Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // the only error is ours
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("ASL1005", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("The " + key + " '" + name + "' cannot be the typed RunAsync's " + (key == "AslInputType" ? "input" : "output") + ": " + code + ": ", message, StringComparison.Ordinal);
            Assert.EndsWith("The typed RunAsync is not generated.", message, StringComparison.Ordinal);
            Assert.Equal(2, RunAsyncsTakingHandlers(output)); // the JSON ones
        }
    }

    [Theory]
    [InlineData("AslInputType", "Shop.OldOrder", "CS0612", true)] // [Obsolete]
    [InlineData("AslInputType", "Shop.OldOrder", "CS0612", false)]
    [InlineData("AslOutputType", "Shop.OldReceipt", "CS0618", true)] // [Obsolete("...")]
    [InlineData("AslOutputType", "Shop.OldReceipt", "CS0618", false)]
    [InlineData("AslOutputType", "System.Collections.Generic.List<Shop.OldReceipt>", "CS0618", true)] // in a type argument
    public void An_obsolete_type_is_ASL1006_on_the_file_and_no_warning_in_the_generated_file(string key, string name, string code, bool warningsAsErrors)
    {
        // The generated file used the type and reported CS0612/CS0618 there, which a warnings-as-errors build turned into
        // errors in a file the user cannot edit (or, with warnings as errors, the probe read it as ASL1005). The user
        // chose the type: the warning is given once, on the .asl.json file that names it, and the typed RunAsync is made.
        var (diagnostics, output) = RunWithTypes(key, name, warningsAsErrors);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // nothing inside the generated file
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1006", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("The " + key + " '" + name + "' is obsolete: " + code + ": ", message, StringComparison.Ordinal);
        if (code == "CS0618")
        {
            Assert.Contains("use Receipt", message, StringComparison.Ordinal); // the attribute's message is kept
        }

        Assert.Equal(4, RunAsyncsTakingHandlers(output)); // the typed ones are made
    }

    [Fact]
    public void A_type_that_is_not_obsolete_in_a_warnings_as_errors_build_reports_nothing()
    {
        var (diagnostics, output) = RunWithTypes("AslInputType", "Shop.Order", warningsAsErrors: true);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(4, RunAsyncsTakingHandlers(output));
    }

    [Fact]
    public void An_obsolete_type_whose_warning_the_project_suppresses_reports_nothing()
    {
        // NoWarn CS0618 (or an .editorconfig severity of none) covers the generated file too: nothing to report.
        var (diagnostics, output) = RunWithTypes("AslOutputType", "Shop.OldReceipt", warningsAsErrors: true, suppress: "CS0618");

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(4, RunAsyncsTakingHandlers(output));
    }

    [Theory]
    [InlineData("AslInputType", true)]
    [InlineData("AslOutputType", false)]
    public void An_obsolete_type_that_is_an_error_is_ASL1005(string key, bool warningsAsErrors)
    {
        // [Obsolete(..., error: true)] is CS0619, an error whatever the warning settings: no typed RunAsync.
        var (diagnostics, output) = RunWithTypes(key, "Shop.Gone", warningsAsErrors);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1005", diagnostic.Id);
        Assert.StartsWith("The " + key + " 'Shop.Gone' cannot be the typed RunAsync's " + (key == "AslInputType" ? "input" : "output") + ": CS0619: ", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(2, RunAsyncsTakingHandlers(output));
    }

    [Fact]
    public async Task A_typed_RunAsync_over_an_obsolete_type_runs()
    {
        const string code = """
            using System.Threading.Tasks;
            namespace Shop
            {
                [System.Obsolete] internal sealed record OldOrder(string OrderId, int Amount);
                internal sealed record Receipt(string OrderId, int Total);
                internal static class Checkout
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
            #pragma warning disable CS0612 // the caller's own use: its own choice
                    public static async Task<string> RunAsync(int amount) => (await Orders.RunAsync(new NoHandlers(), new OldOrder("A-1", amount), null)).Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            #pragma warning restore CS0612
                }
            }
            """;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.OldOrder", ["AslOutputType"] = "Shop.Receipt" },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, code), out var output, out var diagnostics);

        Assert.Equal("ASL1006", Assert.Single(diagnostics).Id);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        using var stream = new MemoryStream();
        Assert.True(output.Emit(stream).Success);
        var context = new AssemblyLoadContext("Obsolete", isCollectible: true);
        stream.Position = 0;
        var checkout = context.LoadFromStream(stream).GetType("Shop.Checkout")!;
        Assert.Equal("42", await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [37])!);
        context.Unload();
    }

    private static (System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics, Compilation Output) RunWithTypes(string key, string name, bool warningsAsErrors, string? suppress = null)
    {
        const string types = """
            namespace Shop
            {
                internal sealed record Order(string OrderId, int Amount);
                internal sealed record Receipt(string OrderId, int Total);
                [System.Obsolete] internal sealed record OldOrder(string OrderId, int Amount);
                [System.Obsolete("use Receipt")] internal sealed record OldReceipt(string OrderId, int Total);
                [System.Obsolete("removed", error: true)] internal sealed record Gone(string OrderId, int Total);
            }
            """;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslOutputType"] = "Shop.Receipt", [key] = name },
        };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types);
        var options = compilation.Options.WithGeneralDiagnosticOption(warningsAsErrors ? ReportDiagnostic.Error : ReportDiagnostic.Default);
        if (suppress is not null)
        {
            options = options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { [suppress] = ReportDiagnostic.Suppress });
        }

        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(compilation.WithOptions(options), out var output, out var diagnostics);
        return (diagnostics, output);
    }

    [Theory]
    [InlineData("System.Collections.Generic.IEnumerable<Shop.Order>", "System.Collections.Generic.IReadOnlyList<Shop.Receipt>")] // interfaces
    [InlineData("Shop.Shape", "System.Collections.Generic.IDictionary<string, int>")] // an abstract class
    [InlineData("object", "dynamic")]
    public void An_interface_or_abstract_type_compiles(string input, string outputType)
    {
        // They compile; whether System.Text.Json can make one (built-in collection interfaces, [JsonDerivedType], a
        // converter) is a run-time matter, as for any type.
        const string types = """
            namespace Shop
            {
                internal sealed record Order(string OrderId, int Amount);
                internal sealed record Receipt(string OrderId, int Total);
                internal abstract class Shape { public string? Name { get; set; } }
            }
            """;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = input, ["AslOutputType"] = outputType },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(4, RunAsyncsTakingHandlers(output));
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

        return GeneratorHarness.LoadType(output, "Shop.Checkout", "Typed").Type;
    }

    /// <summary>How many RunAsyncs take handlers (the handler-less one of a definition without Task states aside).</summary>
    private static int RunAsyncsTakingHandlers(Compilation output) =>
        output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>().Count(m => m.Parameters.Any(p => p.Type.Name == "IHandlers"));
}
