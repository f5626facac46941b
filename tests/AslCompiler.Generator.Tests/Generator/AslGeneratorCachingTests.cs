using System.Collections.Immutable;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>The incremental pipeline does no work it need not do (STYLE.md: every tracked step cached on a rerun).</summary>
public class AslGeneratorCachingTests
{
    private static readonly string[] TrackedSteps =
        [TrackingNames.DefinitionSources, TrackingNames.Definitions, TrackingNames.RuntimeReference, TrackingNames.Conflicts, TrackingNames.Classes, TrackingNames.EmitInputs, TrackingNames.ShellInputs, TrackingNames.AttributedClasses];

    private static readonly AdditionalText Order = GeneratorHarness.File("Workflows/OrderProcessing.asl.json", Definitions.OrderProcessing);
    private static readonly AdditionalText Refund = GeneratorHarness.File("Refund.asl.json", Definitions.Refund);

    // A definition with errors: its shell goes through ShellInputs.
    private static readonly AdditionalText Broken = GeneratorHarness.File("Broken.asl.json", Definitions.Broken);

    // A [StateMachineTypes] that names no types: the attribute step has a class to track, and the output is unchanged.
    private const string EmptyTypesAttribute = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes] partial class Refund { } }";

    [Fact]
    public void Rerun_without_changes_caches_every_step()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, EmptyTypesAttribute);
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund, Broken]), compilation);
        var (rerun, _, second) = GeneratorHarness.Run(driver, compilation.Clone());

        var result = rerun.GetRunResult().Results.Single();
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), name + " was not tracked");
        }

        AssertAllCached(result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)));
        AssertAllCached(result.TrackedOutputSteps);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Every_step_is_tracked_under_a_public_name()
    {
        var names = typeof(TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Broken]), GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, EmptyTypesAttribute.Replace("Refund", "Broken", StringComparison.Ordinal)));

        var tracked = driver.GetRunResult().Results.Single().TrackedSteps.Keys;
        Assert.Equal(names, TrackedSteps.Order(StringComparer.Ordinal));
        Assert.All(names, name => Assert.Contains(name, tracked));
        Assert.Equal(["AttributedClasses", "Classes", "Conflicts", "DefinitionSources", "Definitions", "EmitInputs", "RuntimeReference", "ShellInputs"], names);
    }

    [Fact]
    public void A_definition_is_parsed_once_per_edit_and_its_spec_carries_the_model_to_the_emit()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        var before = Spec(driver, "Workflows/OrderProcessing.asl.json");
        var edited = GeneratorHarness.File("Refund.asl.json", Definitions.Refund.Replace("\"refund\"", "\"refund-v2\"", StringComparison.Ordinal));
        var (rerun, _, second) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Refund, edited), compilation);

        // Only the edited file was read again; the other keeps its spec (and parsed model) from the first run.
        var ran = rerun.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Definitions]
            .SelectMany(s => s.Outputs).Where(o => o.Reason != IncrementalStepRunReason.Cached).Select(o => o.Value).ToArray();
        var spec = Assert.IsType<DefinitionSpec>(Assert.Single(ran));
        Assert.Equal("Refund.asl.json", spec.RelativePath);
        Assert.Empty(spec.Errors);
        Assert.NotNull(spec.Model);
        Assert.Same(before, Spec(rerun, "Workflows/OrderProcessing.asl.json"));
        Assert.Contains("RefundV2Async", second["Refund.asl.g.cs"], StringComparison.Ordinal);
    }

    private static DefinitionSpec Spec(GeneratorDriver driver, string relativePath) =>
        driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Definitions]
            .SelectMany(s => s.Outputs).Select(o => o.Value).OfType<DefinitionSpec>().Single(d => d.RelativePath == relativePath);

    [Fact]
    public void Unrelated_CSharp_edit_caches_every_step()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, "class A { }");
        var (driver, _, _) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class A { int _x; }", GeneratorHarness.ParseOptions));
        var (rerun, _, _) = GeneratorHarness.Run(driver, edited);

        var result = rerun.GetRunResult().Results.Single();
        AssertAllCached(result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)));
        AssertAllCached(result.TrackedOutputSteps);
    }

    [Fact]
    public void A_CSharp_edit_rereads_the_classes_and_regenerates_only_the_class_whose_answer_changed()
    {
        // Refund has typed members and a base class (the probe compilation runs); the edit leaves its answers alone.
        // Then Order's half becomes public over an internal base member's name: only Order is generated again.
        const string types = "namespace Shop { internal sealed record Req(string Id); internal class Base { internal const string Definition = \"\"; } partial class Refund : Base { } }";
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Refund.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Req" },
        };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types, "class A { }");
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund], itemMetadata: metadata), compilation);
        var unrelated = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int _x; }", GeneratorHarness.ParseOptions));
        var (rerun, _, second) = GeneratorHarness.Run(driver, unrelated);

        var result = rerun.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        AssertAllCached(result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)));
        AssertAllCached(result.TrackedOutputSteps);
        Assert.Equal(first, second);
        Assert.Contains(" new const string Definition", first["Refund.asl.g.cs"], StringComparison.Ordinal);

        var edited = unrelated.ReplaceSyntaxTree(unrelated.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("namespace Shop.Workflows { partial class OrderProcessing : Shop.Base { } }", GeneratorHarness.ParseOptions));
        var (third, _, regenerated) = GeneratorHarness.Run(rerun, edited);
        var emit = third.GetRunResult().Results.Single().TrackedSteps[TrackingNames.EmitInputs];
        Assert.All(emit.Single(s => Describes(s, "Refund.asl.json")).Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(emit.Single(s => Describes(s, "Workflows/OrderProcessing.asl.json")).Outputs, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Equal(first["Refund.asl.g.cs"], regenerated["Refund.asl.g.cs"]);
        Assert.Contains(" new const string Definition", regenerated["Workflows.OrderProcessing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_the_types_attribute_regenerates_only_its_class_and_an_unrelated_edit_regenerates_nothing()
    {
        const string types = "namespace Shop { public sealed record Req(string Id); public sealed record Res(string Id); }";
        const string attribute = "namespace Shop { [AslCompiler.Runtime.Compiled.StateMachineTypes(InputType = typeof(Req))] partial class Refund { } }";
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types, attribute, "class A { }");
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        Assert.Contains("RunAsync(IHandlers handlers, global::Shop.Req input", first["Refund.asl.g.cs"], StringComparison.Ordinal);

        // An edit elsewhere: the classes are read again to equal answers, and nothing is emitted again.
        var unrelated = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int _x; }", GeneratorHarness.ParseOptions));
        var (rerun, _, second) = GeneratorHarness.Run(driver, unrelated);
        var result = rerun.GetRunResult().Results.Single();
        AssertAllCached(result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)));
        AssertAllCached(result.TrackedOutputSteps);
        Assert.Equal(first, second);

        // The attribute's edit: Refund's class answer changes and Refund alone is emitted again.
        var attributeTree = unrelated.SyntaxTrees.Single(t => t.ToString().Contains("StateMachineTypes", StringComparison.Ordinal));
        var edited = unrelated.ReplaceSyntaxTree(attributeTree, CSharpSyntaxTree.ParseText(attribute.Replace("typeof(Req)", "typeof(Req), OutputType = typeof(Res)", StringComparison.Ordinal), GeneratorHarness.ParseOptions));
        var (third, _, regenerated) = GeneratorHarness.Run(rerun, edited);
        var emit = third.GetRunResult().Results.Single().TrackedSteps[TrackingNames.EmitInputs];
        Assert.All(emit.Single(s => Describes(s, "Workflows/OrderProcessing.asl.json")).Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(emit.Single(s => Describes(s, "Refund.asl.json")).Outputs, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Equal(first["Workflows.OrderProcessing.asl.g.cs"], regenerated["Workflows.OrderProcessing.asl.g.cs"]);
        Assert.Contains("ValueTask<global::Shop.Res> RunAsync(IHandlers handlers, global::Shop.Req input", regenerated["Refund.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_only_edit_leaves_the_definition_and_its_output_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        var reformatted = GeneratorHarness.File(
            "Workflows/OrderProcessing.asl.json",
            "\n\n  " + Definitions.OrderProcessing.Replace("\n", "\n    ", StringComparison.Ordinal).Replace(": ", " :  ", StringComparison.Ordinal) + "\n");
        var (rerun, _, second) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Order, reformatted), compilation);

        var result = rerun.GetRunResult().Results.Single();

        // The file's text changed, so reading it runs again; without whitespace it is equal, so nothing after it runs:
        // the definition is not parsed again, the emit input and the output are cached.
        Assert.Contains(result.TrackedSteps[TrackingNames.DefinitionSources].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
        AssertAllCached(result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key) && s.Key != TrackingNames.DefinitionSources));
        Assert.All(result.TrackedSteps[TrackingNames.Definitions].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        AssertAllCached(result.TrackedOutputSteps);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Editing_a_file_rereads_only_the_shells_and_leaves_compiled_classes_cached()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Broken]), compilation);
        var reformatted = GeneratorHarness.File("Workflows/OrderProcessing.asl.json", "\n" + Definitions.OrderProcessing);
        var (rerun, _, second) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Order, reformatted), compilation);

        var result = rerun.GetRunResult().Results.Single();
        var shells = result.TrackedSteps[TrackingNames.ShellInputs].SelectMany(s => s.Outputs).ToArray();
        var shell = Assert.IsType<EmitInput>(Assert.Single(shells).Value);
        Assert.Equal("Broken.asl.json", shell.Definition!.RelativePath);
        Assert.Equal(IncrementalStepRunReason.Unchanged, shells[0].Reason);
        AssertAllCached(result.TrackedSteps.Where(s => s.Key is TrackingNames.Definitions or TrackingNames.EmitInputs));
        AssertAllCached(result.TrackedOutputSteps);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Editing_one_of_two_files_leaves_the_other_cached()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        var renamed = GeneratorHarness.File("Refund.asl.json", Definitions.Refund.Replace("\"refund\"", "\"refund-v2\"", StringComparison.Ordinal));
        var (rerun, _, second) = GeneratorHarness.Run(driver.ReplaceAdditionalText(Refund, renamed), compilation);

        var result = rerun.GetRunResult().Results.Single();
        foreach (var name in new[] { TrackingNames.DefinitionSources, TrackingNames.Definitions, TrackingNames.EmitInputs })
        {
            var steps = result.TrackedSteps[name];
            var order = steps.Single(s => Describes(s, "Workflows/OrderProcessing.asl.json"));
            var refund = steps.Single(s => Describes(s, "Refund.asl.json"));
            Assert.All(order.Outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.All(refund.Outputs, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        }

        // The collision check and the classes' lookup see every file, but their answers are equal, so nothing downstream
        // reruns for them.
        AssertAllCached(result.TrackedSteps.Where(s => s.Key is TrackingNames.Conflicts or TrackingNames.Classes));
        Assert.Equal(first["Workflows.OrderProcessing.asl.g.cs"], second["Workflows.OrderProcessing.asl.g.cs"]);
        Assert.NotEqual(first["Refund.asl.g.cs"], second["Refund.asl.g.cs"]);
        Assert.Contains("RefundV2Async", second["Refund.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_one_files_class_name_metadata_regenerates_only_that_file()
    {
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        var (driver, _, first) = GeneratorHarness.Run(GeneratorHarness.CreateDriver([Order, Refund]), compilation);
        var options = GeneratorHarness.Options(classNames: new Dictionary<string, string> { ["Refund.asl.json"] = "RefundWorkflow" });
        var (rerun, _, renamed) = GeneratorHarness.Run(driver.WithUpdatedAnalyzerConfigOptions(options), compilation);

        var result = rerun.GetRunResult().Results.Single();
        foreach (var name in new[] { TrackingNames.DefinitionSources, TrackingNames.Definitions, TrackingNames.EmitInputs })
        {
            var order = result.TrackedSteps[name].Single(s => Describes(s, "Workflows/OrderProcessing.asl.json"));
            Assert.All(order.Outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name + ": " + o.Reason));
        }

        Assert.Equal(first["Workflows.OrderProcessing.asl.g.cs"], renamed["Workflows.OrderProcessing.asl.g.cs"]);
        Assert.Contains("partial class RefundWorkflow", renamed["Refund.asl.g.cs"], StringComparison.Ordinal);
        Assert.Contains("partial class Refund\n", first["Refund.asl.g.cs"], StringComparison.Ordinal);
    }

    private static bool Describes(IncrementalGeneratorRunStep step, string relativePath) =>
        step.Outputs.Any(o => o.Value switch
        {
            DefinitionSourceSpec file => file.RelativePath == relativePath,
            DefinitionSpec definition => definition.RelativePath == relativePath,
            EmitInput input => input.Definition?.RelativePath == relativePath,
            _ => false,
        });

    private static void AssertAllCached(IEnumerable<KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>>> steps)
    {
        foreach (var (name, runs) in steps)
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    name + " ran with reason " + output.Reason);
            }
        }
    }
}
