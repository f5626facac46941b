using System.Collections.Immutable;
using System.Globalization;
using AslCompiler.Runtime.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Your half of the class may declare a member that the generated half declares too, which C# reports as CS0102 (a
/// duplicate name), CS0111 (a method of the same parameter types) or CS0082 (the getter <c>get_Program</c>) inside the
/// generated file. A public or internal generated member is reported on the <c>.asl.json</c> file instead (ASL1008) and
/// the class is not generated; a private one takes a free name.
/// </summary>
public class OwnMemberTests
{
    private const string Usings = """
        #pragma warning disable CS1591, CS0169, CS0649, CS0067, CS0414, CS8618
        using System.Threading;
        using System.Threading.Tasks;
        using AslCompiler.Runtime.Api;
        using AslCompiler.Runtime.Execution;
        using AslCompiler.Runtime.Json;
        using AslCompiler.Runtime.Tasks;

        """;

    /// <summary>A definition that needs no handler, so the class can run.</summary>
    private const string PassDefinition = """
        { "StartAt": "A", "States": { "A": { "Type": "Pass", "Result": { "ok": true }, "End": true } } }
        """;

    [Theory]
    [InlineData("public static int Definition;", "Definition", "a field", "the constant 'Definition'", "CS0102")]
    [InlineData("public const int DefinitionHash = 1;", "DefinitionHash", "a constant", "the constant 'DefinitionHash'", "CS0102")]
    [InlineData("public static string States => \"\";", "States", "a property", "the nested class 'States'", "CS0102")]
    [InlineData("public static event System.Action? IHandlers;", "IHandlers", "an event", "the nested interface 'IHandlers'", "CS0102")]
    [InlineData("public class Program { }", "Program", "a nested class", "the property 'Program'", "CS0102")]
    [InlineData("public record States;", "States", "a nested record", "the nested class 'States'", "CS0102")]
    [InlineData("public interface IHandlers { }", "IHandlers", "a nested interface", "the nested interface 'IHandlers'", "CS0102")]
    [InlineData("public delegate void States();", "States", "a nested delegate", "the nested class 'States'", "CS0102")]
    [InlineData("public enum Definition { A }", "Definition", "a nested enum", "the constant 'Definition'", "CS0102")]
    [InlineData("public class Definition<T> { }", "Definition<T>", "a nested class", "the constant 'Definition'", "CS0102")] // another arity is another name only among types
    [InlineData("public static void Definition<T>() { }", "Definition<T>()", "a method", "the constant 'Definition'", "CS0102")] // a method of any arity
    [InlineData("public static void States(int x) { }", "States(int)", "a method", "the nested class 'States'", "CS0102")]
    [InlineData("public static int RunAsync;", "RunAsync", "a field", "the methods 'RunAsync'", "CS0102")] // every overload at once
    [InlineData("public class RunAsync<T> { }", "RunAsync<T>", "a nested class", "the methods 'RunAsync'", "CS0102")]
    [InlineData("public static int RegisterHandlers { get; set; }", "RegisterHandlers", "a property", "the methods 'RegisterHandlers'", "CS0102")] // both overloads
    [InlineData("[System.Runtime.CompilerServices.IndexerName(\"Program\")] public int this[int i] => i;", "Program", "an indexer", "the property 'Program'", "CS0102")] // an indexer is named by IndexerName
    [InlineData("public static object? get_Program() => null;", "get_Program()", "a method", "the getter of the property 'Program', of the same parameter types", "CS0082")]
    [InlineData("public static int get_Program;", "get_Program", "a field", "the getter of the property 'Program'", "CS0102")]
    [InlineData("internal static void RegisterCompiledProgram() { }", "RegisterCompiledProgram()", "a method", "the method 'RegisterCompiledProgram()', of the same parameter types", "CS0111")]
    [InlineData("public static int RegisterCompiledProgram() => 0;", "RegisterCompiledProgram()", "a method", "the method 'RegisterCompiledProgram()', of the same parameter types", "CS0111")] // the return type does not count
    [InlineData(
        "public static Task<CreateStateMachineResponse> CreateStateMachineAsync(IStepFunctions api, string n, string r, StateMachineType t, CancellationToken c) => null!;",
        "CreateStateMachineAsync(IStepFunctions, string, string, StateMachineType, CancellationToken)",
        "a method",
        "the method 'CreateStateMachineAsync(IStepFunctions, string, string, StateMachineType, CancellationToken)', of the same parameter types",
        "CS0111")]
    public void A_member_of_yours_that_a_generated_member_duplicates_is_ASL1008_and_the_class_is_not_generated(string member, string shown, string kind, string generated, string id)
    {
        var (diagnostics, sources, input, output) = Run(Definitions.Refund, Half(member));

        AssertNotGenerated(diagnostics, sources, input, output);
        Assert.Equal(
            "The class 'Shop.Orders' declares '" + shown + "' (" + kind + "), which is also a member generated from 'Orders.asl.json' (" + generated + "). "
                + "Rename yours: C# would report the duplicate inside the generated file (" + id + "), so 'Orders.asl.json' is not generated.",
            Message(diagnostics));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // the member compiles on its own: nothing else fails
    }

    [Theory]
    [InlineData("public static ValueTask<ExecutionResult> RunAsync(IHandlers handlers, JsonValue input, ExecutionOptions? options = null, CancellationToken cancellationToken = default) => default;",
        "RunAsync(IHandlers, JsonValue, ExecutionOptions, CancellationToken)", "the method 'RunAsync(IHandlers, JsonValue, ExecutionOptions?, CancellationToken)'")]
    [InlineData("public static int RunAsync(ExecutionKernel k, Orders.IHandlers h, JsonValue j, ExecutionRequest r, CancellationToken c) => 0;", // qualified, another return type
        "RunAsync(ExecutionKernel, IHandlers, JsonValue, ExecutionRequest, CancellationToken)", "the method 'RunAsync(ExecutionKernel, IHandlers, JsonValue, ExecutionRequest?, CancellationToken)'")]
    [InlineData("public static void RegisterHandlers(TaskHandlerRegistry registry, IHandlers? handlers) { }",
        "RegisterHandlers(TaskHandlerRegistry, IHandlers)", "the method 'RegisterHandlers(TaskHandlerRegistry, IHandlers)'")]
    [InlineData("public static void RegisterHandlers(TaskHandlerRegistry registry, ITaskHandlerScope<Orders.IHandlers> scope) { }",
        "RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope<IHandlers>)", "the method 'RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope<IHandlers>)'")]
    public void A_method_of_yours_with_a_generated_methods_IHandlers_parameters_is_ASL1008(string member, string shown, string generated)
    {
        // Your IHandlers is the generated interface, which the compilation the generator reads does not have: the probe
        // declares it in the class, so your parameter binds as it will beside the generated half.
        var (diagnostics, sources, input, output) = Run(Definitions.Refund, Half(member));

        AssertNotGenerated(diagnostics, sources, input, output);
        Assert.Equal(
            "The class 'Shop.Orders' declares '" + shown + "' (a method), which is also a member generated from 'Orders.asl.json' (" + generated + ", of the same parameter types). "
                + "Rename yours: C# would report the duplicate inside the generated file (CS0111), so 'Orders.asl.json' is not generated.",
            Message(diagnostics));
    }

    [Fact]
    public void The_handler_less_RunAsync_of_a_definition_without_tasks_is_ASL1008_only_there()
    {
        const string member = "public static ValueTask<ExecutionResult> RunAsync(JsonValue input, ExecutionOptions? options = null, CancellationToken cancellationToken = default) => default;";
        var (diagnostics, sources, input, output) = Run(PassDefinition, Half(member));

        AssertNotGenerated(diagnostics, sources, input, output);
        Assert.Equal(
            "The class 'Shop.Orders' declares 'RunAsync(JsonValue, ExecutionOptions, CancellationToken)' (a method), which is also a member generated from 'Orders.asl.json' (the method 'RunAsync(JsonValue, ExecutionOptions?, CancellationToken)', of the same parameter types). "
                + "Rename yours: C# would report the duplicate inside the generated file (CS0111), so 'Orders.asl.json' is not generated.",
            Message(diagnostics));

        // A definition with Task states has no such RunAsync: yours is an overload.
        var (withTasks, generated, _, compiled) = Run(Definitions.Refund, Half(member));
        Assert.Empty(withTasks);
        Assert.Single(generated);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(compiled));
    }

    [Fact]
    public void Every_member_of_every_half_of_yours_is_named_once_in_the_message()
    {
        var (diagnostics, sources, input, output) = Run(
            Definitions.Refund,
            Half("public static int Definition;"),
            Half("public static void RegisterCompiledProgram() { } public static void RunAsync(int x) { }"));

        AssertNotGenerated(diagnostics, sources, input, output);
        Assert.Equal(
            "The class 'Shop.Orders' declares 'Definition' (a field), which is also a member generated from 'Orders.asl.json' (the constant 'Definition'). "
                + "The class 'Shop.Orders' declares 'RegisterCompiledProgram()' (a method), which is also a member generated from 'Orders.asl.json' (the method 'RegisterCompiledProgram()', of the same parameter types). "
                + "Rename yours: C# would report the duplicate inside the generated file (CS0102, CS0111), so 'Orders.asl.json' is not generated.",
            Message(diagnostics));
    }

    [Theory]
    [InlineData("public static void RunAsync(int x) { }")] // an overload
    [InlineData("public static void RunAsync(IHandlers handlers, JsonValue input, CancellationToken cancellationToken) { }")] // fewer parameters
    [InlineData("public static void RunAsync(IHandlers handlers, ref JsonValue input, ExecutionOptions? options, CancellationToken cancellationToken) { }")] // a ref kind
    [InlineData("public static void RunAsync(IHandlers handlers, JsonValue input, ExecutionRequest? options, CancellationToken cancellationToken) { }")] // another type
    [InlineData("public static void RunAsync<T>(IHandlers handlers, JsonValue input, ExecutionOptions? options, CancellationToken cancellationToken) { }")] // a type parameter
    [InlineData("public static void RunAsync(ExecutionKernel k, IHandlers h, JsonValue j, ExecutionOptions? o, CancellationToken c) { }")] // the generated call's null is typed (CS0121)
    [InlineData("public static void RegisterHandlers(TaskHandlerRegistry registry, object handlers) { }")]
    [InlineData("public static void RegisterHandlers(TaskHandlerRegistry registry, ITaskHandlerScope<object> scope) { }")] // another scope
    [InlineData("public static void RegisterCompiledProgram(int x = 0) { }")]
    [InlineData("public static void RegisterCompiledProgram<T>() { }")]
    [InlineData("public static void CreateStateMachineAsync(IStepFunctions api) { }")]
    [InlineData("public static object? get_Program(int x) => null;")]
    [InlineData("public static class States<T> { }")] // a nested type of another arity: another name
    [InlineData("public interface IHandlers<T> { }")]
    [InlineData("private class CompiledProgram<T> { }")]
    [InlineData("public static int Definition2;")]
    public void A_member_of_yours_that_only_overloads_a_generated_one_compiles_and_the_class_is_generated(string member)
    {
        var (diagnostics, sources, _, output) = Run(Definitions.Refund, Half(member));

        Assert.Empty(diagnostics);
        Assert.Single(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Fact]
    public void An_explicit_interface_implementation_does_not_collide()
    {
        const string userCode = Usings + """
            namespace Shop
            {
                public interface IRun { string Definition { get; } void RunAsync(); object States { get; } event System.Action Program; }
                public partial class Orders : IRun
                {
                    string IRun.Definition => "";
                    void IRun.RunAsync() { }
                    object IRun.States => 1;
                    event System.Action IRun.Program { add { } remove { } }
                }
            }
            """;
        var (diagnostics, sources, _, output) = Run(Definitions.Refund, userCode);

        Assert.Empty(diagnostics);
        Assert.Single(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Theory]
    [InlineData("Shop.Order", "", "public static Task<Receipt> RunAsync(IHandlers h, Order input, System.Text.Json.JsonSerializerOptions? json, ExecutionOptions? options = null, CancellationToken c = default) => null!;", true)]
    [InlineData("Order", "Shop.Receipt", "public static void RunAsync(Orders.IHandlers h, Shop.Order input, System.Text.Json.JsonSerializerOptions json, ExecutionOptions o, CancellationToken c) { }", true)]
    [InlineData("(Shop.Order, int)", "", "public static void RunAsync(IHandlers h, (Order Order, int Count) input, System.Text.Json.JsonSerializerOptions? json, ExecutionOptions? o, CancellationToken c) { }", true)] // tuple names do not count
    [InlineData("", "Shop.Receipt", "public static void RunAsync(IHandlers h, JsonValue input, System.Text.Json.JsonSerializerOptions? json, ExecutionOptions? o, CancellationToken c) { }", true)] // JSON in, typed out
    [InlineData("Shop.Order", "", "public static void RunAsync(IHandlers h, Receipt input, System.Text.Json.JsonSerializerOptions? json, ExecutionOptions? o, CancellationToken c) { }", false)] // another input: an overload
    [InlineData("", "", "public static void RunAsync(IHandlers h, JsonValue input, System.Text.Json.JsonSerializerOptions? json, ExecutionOptions? o, CancellationToken c) { }", false)] // no typed RunAsync
    public void A_method_with_the_typed_RunAsyncs_parameters_is_ASL1008(string inputType, string outputType, string member, bool collides) =>
        AssertTypedMember(inputType, outputType, Half(member), collides ? "RunAsync(IHandlers, input, JsonSerializerOptions?, ExecutionOptions?, CancellationToken)" : null);

    [Theory]
    [InlineData("Shop.Order", "Shop.Receipt", "public static Task<Receipt> RunAsync(JsonTypeInfo<Order> i, JsonTypeInfo<Receipt> o, IHandlers h, Order input, ExecutionOptions? options = null, CancellationToken c = default) => null!;", "RunAsync(JsonTypeInfo<input>, JsonTypeInfo<output>, IHandlers, input, ExecutionOptions?, CancellationToken)")]
    [InlineData("Shop.Order", "", "public static void RunAsync(JsonTypeInfo<Order> i, Orders.IHandlers h, Shop.Order input, ExecutionOptions o, CancellationToken c) { }", "RunAsync(JsonTypeInfo<input>, IHandlers, input, ExecutionOptions?, CancellationToken)")]
    [InlineData("", "Shop.Receipt", "public static void RunAsync(JsonTypeInfo<Receipt> o, IHandlers h, JsonValue input, ExecutionOptions? options, CancellationToken c) { }", "RunAsync(JsonTypeInfo<output>, IHandlers, JsonValue, ExecutionOptions?, CancellationToken)")]
    [InlineData("(Shop.Order, int)", "Shop.Receipt", "public static void RunAsync(JsonTypeInfo<(Order Order, int Count)> i, JsonTypeInfo<Receipt> o, IHandlers h, (Order, int) input, ExecutionOptions? options, CancellationToken c) { }", "RunAsync(JsonTypeInfo<input>, JsonTypeInfo<output>, IHandlers, input, ExecutionOptions?, CancellationToken)")] // tuple names do not count
    [InlineData("Shop.Order", "Shop.Receipt", "public static void RunAsync(JsonTypeInfo<Receipt> i, JsonTypeInfo<Order> o, IHandlers h, Order input, ExecutionOptions? options, CancellationToken c) { }", null)] // other type infos: an overload
    [InlineData("Shop.Order", "", "public static void RunAsync(JsonTypeInfo<Order> i, JsonTypeInfo<Receipt> o, IHandlers h, Order input, ExecutionOptions? options, CancellationToken c) { }", null)] // the both-sides shape, one side typed
    [InlineData("", "", "public static void RunAsync(JsonTypeInfo<Order> i, IHandlers h, Order input, ExecutionOptions? options, CancellationToken c) { }", null)] // no typed RunAsync
    public void A_method_with_the_type_info_RunAsyncs_parameters_is_ASL1008(string inputType, string outputType, string member, string? generated) =>
        // Without it in the analysis, an identical RunAsync of yours was CS0111 inside the generated file.
        AssertTypedMember(inputType, outputType, "using System.Text.Json.Serialization.Metadata;\n" + Half(member), generated);

    /// <summary>
    /// Generates Orders.asl.json with the typed sides named and your half of the class: the class is generated when
    /// <paramref name="generated"/> is null, else ASL1008 names the typed method the half's member collides with.
    /// </summary>
    private static void AssertTypedMember(string inputType, string outputType, string half, string? generated)
    {
        const string types = "#pragma warning disable CS1591\nnamespace Shop { public sealed record Order(string OrderId); public sealed record Receipt(string OrderId); }\n";
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = inputType, ["AslOutputType"] = outputType },
        };
        var (diagnostics, sources, input, output) = Run(Definitions.Refund, [half, types], metadata);

        if (generated is null)
        {
            Assert.Empty(diagnostics);
            Assert.Single(sources);
            Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
            return;
        }

        AssertNotGenerated(diagnostics, sources, input, output);
        Assert.Contains(
            "(a method), which is also a member generated from 'Orders.asl.json' (the typed method '" + generated + "', of the same parameter types).",
            Message(diagnostics),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "public static int RunAsync; public static int Program; public static int IHandlers;", false)] // no runtime: only the constants and States
    [InlineData(true, "public static int States;", true)]
    [InlineData(false, "public static void RegisterCompiledProgram() { }", false)] // a shell has no compiled program
    [InlineData(false, "public static int RunAsync;", true)]
    public void Only_the_members_the_class_has_count(bool withoutRuntimeOrValid, string member, bool collides)
    {
        // First value: true runs without the runtime (valid definition), false with it on a shell (a definition with errors).
        var references = withoutRuntimeOrValid ? GeneratorHarness.FrameworkOnly : GeneratorHarness.RuntimeReferences;
        var definition = withoutRuntimeOrValid ? Definitions.Refund : Definitions.Broken;
        var userCode = "#pragma warning disable CS1591, CS0649\nnamespace Shop { public partial class Orders { " + member + " } }";
        var (diagnostics, sources, input, output) = Run(definition, [userCode], references: references);

        if (collides)
        {
            AssertNotGenerated(diagnostics, sources, input, output);
            return;
        }

        Assert.Empty(diagnostics);
        Assert.Single(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Fact]
    public async Task A_private_generated_member_of_one_of_your_names_takes_a_free_one_and_the_class_runs()
    {
        // s_program and CompiledProgram are the generated half's own: nothing of yours names them, so they avoid your
        // names (and a base's, which would need new) rather than fail.
        const string userCode = Usings + """
            namespace Shop
            {
                public class Base { protected static int s_program3; }
                public partial class Orders : Base
                {
                    private static int s_program = 1;
                    private static string s_program2 = "two";
                    public static int CompiledProgram() => s_program + s_program2.Length;
                }
            }
            """;
        var (diagnostics, sources, _, output) = Run(PassDefinition, userCode);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0102, CS0108
        var source = Assert.Single(sources);
        Assert.Equal(["CompiledProgram2", "s_program4"], PrivateMembers(source).Order(StringComparer.Ordinal));

        var (program, context) = GeneratorHarness.LoadProgram(output, "Shop.Orders", nameof(OwnMemberTests));
        try
        {
            var result = await new ExecutionKernel().RunAsync(program, AslCompiler.Runtime.Json.JsonValue.Parse("{}"));
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
            Assert.Equal("{\"ok\":true}", result.Output.ToJsonString());
            var orders = context.Assemblies.Single().GetType("Shop.Orders", throwOnError: true)!;
            Assert.Equal(4, orders.GetMethod("CompiledProgram")!.Invoke(null, null)); // yours, untouched
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_shells_errors_constant_of_one_of_your_names_takes_a_free_one()
    {
        var (diagnostics, sources, _, output) = Run(Definitions.Broken, Half("private const int AslDefinitionErrors = 1;"));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = Assert.Single(sources);
        Assert.Equal(["AslDefinitionErrors2"], PrivateMembers(source));
        Assert.Contains("throw new global::System.InvalidOperationException(AslDefinitionErrors2);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_derived_from_one_that_is_not_generated_hides_only_what_your_half_of_the_base_has()
    {
        // Orders is not generated (ASL1008): to OrdersV2 it is a class of yours alone. Taken for a generated base, it
        // made OrdersV2 declare new members that hide nothing (CS0109) inside OrdersV2's generated file.
        var files = new[] { GeneratorHarness.File("Orders.asl.json", Definitions.Refund), GeneratorHarness.File("OrdersV2.asl.json", Definitions.Refund) };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, Half("public static int Definition;"), "namespace Shop { public partial class OrdersV2 : Orders { } }");
        var driver = GeneratorHarness.CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Equal("ASL1008", Assert.Single(diagnostics).Id);
        var generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Equal("OrdersV2.asl.g.cs", generated.HintName);
        Assert.Contains("public new const string Definition", generated.SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0109
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_answers_about_your_members_unchanged()
    {
        // Orders collides (ASL1008), Refunds has a RunAsync overload (the probe runs) and a private name of its own.
        var files = new[] { GeneratorHarness.File("Orders.asl.json", Definitions.Refund), GeneratorHarness.File("Refunds.asl.json", Definitions.Refund) };
        const string refunds = "namespace Shop { public partial class Refunds { private static int s_program; public static void RunAsync(IHandlers h, int x) { } } }";
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, Half("public static int Definition;"), Usings + refunds, "class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Equal("ASL1008", Assert.Single(diagnostics).Id);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains("s_program2", Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);

        var unrelated = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int _x; }", GeneratorHarness.ParseOptions));
        var rerun = driver.RunGeneratorsAndUpdateCompilation(unrelated, out _, out var again).GetRunResult().Results.Single();

        Assert.Equal(diagnostics.Select(d => d.ToString()), again.Select(d => d.ToString()));
        Assert.All(rerun.TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(rerun.TrackedSteps[TrackingNames.EmitInputs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Theory]
    [InlineData("public partial record Orders;", "a record")]
    [InlineData("public partial record struct Orders;", "a record struct")]
    [InlineData("public partial struct Orders { }", "a struct")]
    [InlineData("public partial interface Orders { }", "an interface")]
    public void A_half_of_yours_that_is_not_a_class_is_ASL1011_and_the_class_is_not_generated(string declaration, string kind)
    {
        var (diagnostics, sources, input, output) = Run(PassDefinition, Usings + "namespace Shop { " + declaration + " }");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(
            "Your declaration of 'Orders' is " + kind + ", and the class 'Orders.asl.json' generates is a class: C# refuses partial declarations of different kinds (CS0261). "
                + "Declare it 'partial class' ('static partial class' or 'sealed partial class' are fine); the class is not generated.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0261 inside a generated file
    }

    [Fact]
    public void A_half_of_yours_that_is_not_a_class_is_ASL1011_also_beside_a_typed_definition()
    {
        // Found by a docs trial: a typed definition makes the generator probe the classes with their generated halves
        // declared, and there the probe's class half made your record a class: no ASL1011, CS0261 in a generated file.
        var input = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, Usings + "namespace Shop { public partial record Orders; }");
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["Typed.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "string" } };
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", PassDefinition), GeneratorHarness.File("Typed.asl.json", PassDefinition)], itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1011", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(["Typed.asl.g.cs"], driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Theory]
    [InlineData("public static partial class Orders { }")]
    [InlineData("public sealed partial class Orders { }")]
    public void A_static_or_sealed_half_of_yours_is_joined(string declaration)
    {
        var (diagnostics, sources, _, output) = Run(PassDefinition, Usings + "namespace Shop { " + declaration + " }");

        Assert.Empty(diagnostics);
        Assert.Single(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    private static string Half(string member) => Usings + "namespace Shop { public partial class Orders { " + member + " } }";

    private static (ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Sources, Compilation Input, Compilation Output) Run(
        string definition, params string[] userCode) => Run(definition, userCode, null);

    private static (ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Sources, Compilation Input, Compilation Output) Run(
        string definition,
        string[] userCode,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata = null,
        ImmutableArray<MetadataReference>? references = null)
    {
        var input = GeneratorHarness.Compilation(references ?? GeneratorHarness.RuntimeReferences, userCode);
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)], itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()).ToImmutableArray();
        return (diagnostics, sources, input, output);
    }

    /// <summary>ASL1008, an error on the definition file, and no generated file, so no C# error in code you did not write.</summary>
    private static void AssertNotGenerated(ImmutableArray<Diagnostic> diagnostics, ImmutableArray<string> sources, Compilation input, Compilation output)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1008", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", span.Path);
        Assert.Equal(new LinePosition(0, 0), span.StartLinePosition);
        Assert.Empty(sources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Location.SourceTree is { } tree && !input.SyntaxTrees.Contains(tree)));
    }

    private static string Message(ImmutableArray<Diagnostic> diagnostics) => Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture);

    /// <summary>The names of the generated class's own private members (fields and nested types).</summary>
    private static List<string> PrivateMembers(string source)
    {
        var type = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        return type.Members
            .Where(m => m.Modifiers.Any(SyntaxKind.PrivateKeyword))
            .SelectMany(m => m switch
            {
                BaseTypeDeclarationSyntax t => [t.Identifier.Text],
                BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text),
                _ => [],
            })
            .ToList();
    }
}
