using System.Collections.Immutable;
using System.Reflection;
using AslCompiler.Runtime.Compiled;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The typed <c>RunAsync</c> that takes <c>JsonTypeInfo&lt;T&gt;</c> (a <c>JsonSerializerContext</c>'s metadata) instead
/// of serializer options: no reflection, so no <c>[RequiresUnreferencedCode]</c>/<c>[RequiresDynamicCode]</c> and no
/// IL2026/IL3050 where a trimmed or AOT build calls it.
/// </summary>
public class TypeInfoRunTests
{
    /// <summary>Reads and writes camelCase names: with the default (PascalCase) names nothing is found and the execution fails.</summary>
    private const string Definition = """
        {
          "StartAt": "Receipt",
          "States": {
            "Receipt": { "Type": "Pass", "Parameters": { "orderId.$": "$.orderId", "total.$": "States.MathAdd($.amount, 5)" }, "Next": "Check" },
            "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.total", "NumericGreaterThan": 1000, "Next": "TooMuch" } ], "Default": "Done" },
            "TooMuch": { "Type": "Fail", "Error": "Order.TooLarge", "Cause": "over the limit" },
            "Done": { "Type": "Succeed" }
          }
        }
        """;

    /// <summary>A source-generated context whose names are camelCase, as the definition reads and writes them.</summary>
    private const string Types = """
        using System.Text.Json.Serialization;
        namespace Shop
        {
            internal sealed record Order(string OrderId, int Amount);
            internal sealed record Receipt(string OrderId, int Total);

            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            [JsonSerializable(typeof(Order))]
            [JsonSerializable(typeof(Receipt))]
            internal sealed partial class ShopJson : JsonSerializerContext { }
        }
        """;

    [Theory]
    [InlineData("Shop.Order", "Shop.Receipt", "ShopJson.Default.Order, ShopJson.Default.Receipt, new NoHandlers(), new Order(\"A-1\", amount)", "r.OrderId + \" \" + r.Total")]
    [InlineData("Shop.Order", "", "ShopJson.Default.Order, new NoHandlers(), new Order(\"A-1\", amount)", "r[\"orderId\"].GetString() + \" \" + r[\"total\"].GetDouble()")]
    [InlineData("", "Shop.Receipt", "ShopJson.Default.Receipt, new NoHandlers(), AslCompiler.Runtime.Json.JsonValue.Parse(\"{\\\"orderId\\\":\\\"A-1\\\",\\\"amount\\\":\" + amount + \"}\")", "r.OrderId + \" \" + r.Total")]
    public async Task It_writes_the_input_and_reads_the_output_with_the_context_metadata(string inputType, string outputType, string arguments, string text)
    {
        var checkout = Build(inputType, outputType, arguments, text);

        Assert.Equal("A-1 42", await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [37])!);
        Assert.Equal("Order.TooLarge: over the limit", await (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [2000])!);
    }

    [Fact]
    public async Task A_missing_type_info_throws_before_the_execution_runs()
    {
        // Checked first: the runtime's FromJson would throw too, but only after the execution had run (its ParamName is typeInfo).
        var checkout = Build("Shop.Order", "Shop.Receipt", "ShopJson.Default.Order, null!, new NoHandlers(), new Order(\"A-1\", amount)", "r.OrderId");

        var run = (Task<string>)checkout.GetMethod("RunAsync")!.Invoke(null, [37])!;
        Assert.Equal("outputTypeInfo", (await Assert.ThrowsAsync<ArgumentNullException>(() => run)).ParamName);
    }

    [Theory]
    [InlineData("Shop.Order", "Shop.Receipt", "JsonTypeInfo<Order>, JsonTypeInfo<Receipt>, IHandlers, Order, ExecutionOptions?, CancellationToken")]
    [InlineData("Shop.Order", "", "JsonTypeInfo<Order>, IHandlers, Order, ExecutionOptions?, CancellationToken")]
    [InlineData("", "Shop.Receipt", "JsonTypeInfo<Receipt>, IHandlers, JsonValue, ExecutionOptions?, CancellationToken")]
    public void It_takes_the_typed_sides_type_infos_first_and_tells_trim_and_AOT_analysis_nothing(string inputType, string outputType, string parameters)
    {
        var (diagnostics, output) = Run(inputType, outputType, Types);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var run = Assert.Single(TypeInfoRuns(output));
        Assert.Equal(parameters, string.Join(", ", run.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))));
        Assert.DoesNotContain(run.GetAttributes(), a => a.AttributeClass!.Name.StartsWith("Requires", StringComparison.Ordinal));
        Assert.Equal(Accessibility.Public, run.DeclaredAccessibility); // an internal class: public, as the other typed RunAsync
    }

    [Fact]
    public void The_runtime_methods_it_calls_carry_no_reflection_warning()
    {
        // What the generated overload calls: a [RequiresUnreferencedCode] or [RequiresDynamicCode] here would be reported
        // (IL2026, IL3050) inside the generated file of every trimmed or AOT build.
        var infoMethods = typeof(TypedJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(System.Text.Json.Serialization.Metadata.JsonTypeInfo<>)))
            .ToArray();

        Assert.Equal(["FromJson", "ToJson"], infoMethods.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(infoMethods, m => Assert.DoesNotContain(m.GetCustomAttributes(), a => a.GetType().Name.StartsWith("Requires", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Shop.Order", "Shop.Receipt")]
    [InlineData("Shop.Order", "")]
    [InlineData("", "Shop.Receipt")]
    public void Calls_that_passed_null_for_the_serializer_options_still_bind_to_that_overload(string inputType, string outputType)
    {
        // Next to RunAsync(handlers, input, JsonSerializerOptions? json, ...), a RunAsync(handlers, input, JsonTypeInfo<T>, ...)
        // would have made every call below that passes a bare null ambiguous (CS0121).
        var input = inputType.Length > 0 ? "new Order(\"A-1\", 1)" : "AslCompiler.Runtime.Json.JsonValue.Parse(\"{}\")";
        var calls = new[]
        {
            "RunAsync(h, INPUT, json: null)",
            "RunAsync(h, INPUT, (System.Text.Json.JsonSerializerOptions?)null)",
            "RunAsync(h, INPUT, System.Text.Json.JsonSerializerOptions.Web, null)",
            "RunAsync(h, INPUT, System.Text.Json.JsonSerializerOptions.Web, null, default)",
        }.ToList();
        if (inputType.Length > 0)
        {
            // With a JsonValue input, a bare null in the options' place was ambiguous with RunAsync(handlers, JsonValue, ExecutionOptions?) already.
            calls.AddRange(["RunAsync(h, INPUT, null)", "RunAsync(h, INPUT, null, null)", "RunAsync(h, INPUT, null, null, default)", "RunAsync(h, INPUT, default)"]);
        }

        var body = string.Join("\n", calls.Select((c, i) => "        var r" + i + " = Orders." + c.Replace("INPUT", input, StringComparison.Ordinal) + ";"));
        var code = Types + """

            namespace Shop
            {
                internal static class Callers
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
            #pragma warning disable IL2026, IL3050
                    public static void Call(Orders.IHandlers h)
                    {
            """ + "\n" + body + """

                    }
                }
            }
            """;
        var (diagnostics, output) = Run(inputType, outputType, code);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0121
        var tree = output.SyntaxTrees.Single(t => t.ToString().Contains("class Callers", StringComparison.Ordinal));
        var model = output.GetSemanticModel(tree);
        var invocations = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Where(i => i.Expression.ToString() == "Orders.RunAsync").ToArray();
        Assert.Equal(calls.Count, invocations.Length);
        Assert.All(invocations, call => Assert.Contains(
            ((IMethodSymbol)model.GetSymbolInfo(call).Symbol!).Parameters,
            p => p.Name == "json"));
    }

    [Fact]
    public void A_shell_has_it_too_and_it_throws_the_definitions_errors()
    {
        // Code that calls it compiles while the definition has errors, as with every other RunAsync of a shell.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslOutputType"] = "Shop.Receipt" },
        };
        const string caller = """

            namespace Shop
            {
                internal static class Checkout
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
                    public static System.Threading.Tasks.ValueTask<Receipt> RunAsync() => Orders.RunAsync(ShopJson.Default.Order, ShopJson.Default.Receipt, new NoHandlers(), new Order("A-1", 1));
                }
            }
            """;
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definitions.Broken)], itemMetadata: metadata)
            .AddGenerators([JsonSourceGenerator()]);
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, Types + caller), out var output, out var diagnostics);

        Assert.Empty(diagnostics); // the definition's own errors are the analyzer's
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Single(TypeInfoRuns(output));
        var (checkout, context) = GeneratorHarness.LoadType(output, "Shop.Checkout", "TypeInfoShell");
        var thrown = Assert.Throws<TargetInvocationException>(() => checkout.GetMethod("RunAsync")!.Invoke(null, null));
        Assert.StartsWith("The state machine definition 'Orders.asl.json' has errors", Assert.IsType<InvalidOperationException>(thrown.InnerException).Message, StringComparison.Ordinal);
        context.Unload();
    }

    /// <summary>The generated RunAsync overloads that take a JsonTypeInfo.</summary>
    internal static IMethodSymbol[] TypeInfoRuns(Compilation output) =>
        output.GetTypeByMetadataName("Shop.Orders")!.GetMembers("RunAsync").OfType<IMethodSymbol>()
            .Where(m => m.Parameters.Any(p => p.Type.Name == "JsonTypeInfo"))
            .ToArray();

    /// <summary>The System.Text.Json source generator of the framework the tests run on (its reference pack's).</summary>
    internal static ISourceGenerator JsonSourceGenerator()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // .../shared/Microsoft.NETCore.App/10.0.x
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var version = Path.GetFileName(runtime);
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        var pack = Directory.Exists(Path.Combine(packs, version))
            ? Path.Combine(packs, version)
            : Directory.EnumerateDirectories(packs, Environment.Version.Major + ".*").Order(StringComparer.Ordinal).Last();
        var reference = new AnalyzerFileReference(Path.Combine(pack, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"), new DefaultLoader());
        return Assert.Single(reference.GetGenerators(LanguageNames.CSharp));
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(string inputType, string outputType, string code)
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = inputType, ["AslOutputType"] = outputType },
        };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)], itemMetadata: metadata)
            .AddGenerators([JsonSourceGenerator()]);
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, code), out var output, out var diagnostics);
        return (diagnostics, output);
    }

    private static Type Build(string inputType, string outputType, string arguments, string text)
    {
        var code = Types + """

            namespace Shop
            {
                internal static class Checkout
                {
                    private sealed class NoHandlers : Orders.IHandlers { }
                    public static async System.Threading.Tasks.Task<string> RunAsync(int amount)
                    {
                        try
                        {
                            var r = await Orders.RunAsync(ARGUMENTS);
                            return TEXT;
                        }
                        catch (global::AslCompiler.Runtime.Compiled.StateMachineExecutionException e)
                        {
                            return e.Error + ": " + e.CauseText;
                        }
                    }
                }
            }
            """.Replace("ARGUMENTS", arguments, StringComparison.Ordinal).Replace("TEXT", text, StringComparison.Ordinal);
        var (diagnostics, output) = Run(inputType, outputType, code);
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        return GeneratorHarness.LoadType(output, "Shop.Checkout", "TypeInfo").Type;
    }

    private sealed class DefaultLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
