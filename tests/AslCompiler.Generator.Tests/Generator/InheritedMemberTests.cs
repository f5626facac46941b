using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Your half of the class may name a base class; a member the generated half declares under the name of an accessible
/// inherited member hides it, which C# reports as CS0108 (CS0114 for a virtual one): an error under warnings-as-errors,
/// inside the generated file. The generated member then says <c>new</c>, and only then (a needless <c>new</c> is CS0109).
/// </summary>
public class InheritedMemberTests
{
    [Theory]
    [InlineData("public static string Definition => \"\";", "Definition")] // a property, hidden by a constant
    [InlineData("public static int DefinitionHash;", "DefinitionHash")] // a field
    [InlineData("public static void States() { }", "States")] // a method, hidden by a nested class
    [InlineData("public class IHandlers { }", "IHandlers")] // a nested class, hidden by a nested interface
    [InlineData("public static int Program;", "Program")] // a field, hidden by a property
    [InlineData("protected static object? s_program;", "s_program")] // a protected field, hidden by the private one
    [InlineData("protected class CompiledProgram { }", "CompiledProgram")] // a protected nested class
    [InlineData("public int RunAsync;", "RunAsync")] // a field, hidden by the methods
    [InlineData("public class RegisterHandlers { }", "RegisterHandlers")] // a nested class, hidden by a method
    [InlineData("internal static void RegisterCompiledProgram() { }", "RegisterCompiledProgram")] // a method of the same signature
    [InlineData("public virtual void RegisterCompiledProgram() { }", "RegisterCompiledProgram")] // a virtual one (CS0114)
    [InlineData(
        "public static System.Threading.Tasks.Task<AslCompiler.Runtime.Api.CreateStateMachineResponse> CreateStateMachineAsync(AslCompiler.Runtime.Api.IStepFunctions s, string n, string r, AslCompiler.Runtime.Api.StateMachineType t, System.Threading.CancellationToken c) => null!;",
        "CreateStateMachineAsync")]
    public void An_inherited_member_of_a_generated_members_name_is_hidden_with_new(string baseMember, string name)
    {
        var (diagnostics, source, output) = Run(Definitions.Refund, Base(baseMember));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0108, CS0114 or CS0109
        Assert.Equal([name], NewMembers(source));
    }

    [Fact]
    public void The_shells_constant_is_hidden_with_new_too()
    {
        var (diagnostics, source, output) = Run(Definitions.Broken, Base("protected const string AslDefinitionErrors = \"\";"));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(["AslDefinitionErrors"], NewMembers(source));
    }

    [Theory]
    [InlineData("public void RunAsync(int x) { }")] // another signature: an overload, nothing hidden
    [InlineData("public static void RegisterHandlers(object registry, object handlers) { }")]
    [InlineData("public void CreateStateMachineAsync(int x) { }")]
    [InlineData("public static void RegisterCompiledProgram(int x) { }")]
    [InlineData("private static int Definition;")] // not accessible: nothing to hide
    [InlineData("public class States<T> { }")] // another arity
    [InlineData("public static void Definition<T>() { }")]
    [InlineData("public static int ToString2;")] // no generated member of that name
    public void A_member_that_is_not_hidden_gets_no_new(string baseMember)
    {
        var (diagnostics, source, output) = Run(Definitions.Refund, Base(baseMember));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // a needless new would be CS0109
        Assert.Empty(NewMembers(source));
    }

    [Fact]
    public void An_internal_member_of_a_base_in_another_assembly_is_not_hidden()
    {
        // Not accessible from the class (no InternalsVisibleTo), so not hidden: new would be CS0109.
        var library = CSharpCompilation.Create(
            "Library",
            [CSharpSyntaxTree.ParseText("namespace Lib { public class Base { internal const string Definition = \"\"; internal static int Program; } }", GeneratorHarness.ParseOptions)],
            GeneratorHarness.RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.True(library.Emit(stream).Success);
        var reference = MetadataReference.CreateFromImage(stream.ToArray());

        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definitions.Refund)]);
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences.Add(reference), "namespace Shop { partial class Orders : Lib.Base { } }");
        var (_, output, sources) = GeneratorHarness.Run(driver, compilation);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Empty(NewMembers(Assert.Single(sources.Values)));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_class_derived_from_another_generated_class_hides_the_members_they_share(bool baseHasUserHalf, bool baseIsBroken)
    {
        // The base's generated half is not in the compilation the generator reads (generators do not see each other's
        // output): its members are known from the generator itself. RunAsync and RegisterHandlers take each class's
        // own IHandlers, so they are overloads, not hidden.
        var files = new[]
        {
            GeneratorHarness.File("Orders.asl.json", baseIsBroken ? Definitions.Broken : Definitions.OrderProcessing),
            GeneratorHarness.File("OrdersV2.asl.json", Definitions.Refund),
        };
        var userCode = "namespace Shop { partial class OrdersV2 : Orders { } }" + (baseHasUserHalf ? " namespace Shop { partial class Orders { } }" : string.Empty);
        var driver = GeneratorHarness.CreateDriver(files)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode), out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "OrdersV2.asl.g.cs").SourceText.ToString();
        string[] shared = ["CreateStateMachineAsync", "Definition", "DefinitionHash", "IHandlers", "Program", "RegisterCompiledProgram", "States"];
        Assert.Equal(baseIsBroken ? shared.Where(n => n != "RegisterCompiledProgram") : shared, NewMembers(source));
    }

    [Theory]
    [InlineData("namespace Shop { partial class OrdersV2 : Orders { } partial class Orders : OrdersV2 { } }")]
    [InlineData("namespace Shop { partial class Orders : Orders { } }")]
    [InlineData("namespace Shop { partial class OrdersV2 : Middle { } class Middle : Orders { } partial class Orders : OrdersV2 { } }")]
    public async Task Classes_whose_bases_form_a_cycle_are_left_to_the_compilers_error(string userCode)
    {
        // C# reports the cycle (CS0146); the generator must end, without a diagnostic of its own or a crash.
        var files = new[]
        {
            GeneratorHarness.File("Orders.asl.json", Definitions.OrderProcessing),
            GeneratorHarness.File("OrdersV2.asl.json", Definitions.Refund),
        };
        var run = Task.Run(() =>
        {
            GeneratorHarness.CreateDriver(files)
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode), out var output, out var diagnostics);
            return (output, diagnostics);
        });
        var (output, diagnostics) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CS8785", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal));
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS0146");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void A_class_derived_from_one_not_generated_for_ASL1007_hides_only_what_your_half_of_the_base_has(bool hasRuntime, bool baseIsBroken)
    {
        // Orders would hide Root's abstract Definition (ASL1007), so it is not generated: to a class derived from it, it
        // is a class of yours alone. Taken for a generated base, it made Current declare new members that hide nothing
        // (CS0109) inside Current's generated file. Current's file sorts before Orders': a base is read before the
        // classes derived from it, whatever their paths.
        const string userCode = """
            #pragma warning disable CS1591
            namespace Shop
            {
                public abstract class Root { public abstract string Definition { get; } }
                public abstract partial class Orders : Root { }
                public class Middle : Orders { public override string Definition => ""; }
                public partial class Current : Middle { }
            }
            """;
        var files = new[]
        {
            GeneratorHarness.File("Orders.asl.json", baseIsBroken ? Definitions.Broken : Definitions.Refund),
            GeneratorHarness.File("Current.asl.json", Definitions.Refund),
        };
        var references = hasRuntime ? GeneratorHarness.RuntimeReferences : GeneratorHarness.FrameworkOnly;
        var driver = GeneratorHarness.CreateDriver(files)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(references, userCode), out var output, out var diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1007", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        var generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Equal("Current.asl.g.cs", generated.HintName);
        Assert.Equal(["Definition"], NewMembers(generated.SourceText.ToString())); // Middle's override, hidden
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0109
    }

    [Fact]
    public void A_class_that_inherits_an_abstract_member_through_a_base_not_generated_for_ASL1007_is_ASL1007_too()
    {
        // Archived inherits Root's abstract Definition through Orders, which is not generated (ASL1007): Archived's own
        // generated Definition would hide it, so Archived is ASL1007 too. Taken for a generated base, Orders hid it
        // instead, and Archived's generated file had CS0533 and needless new members (CS0109). Current derives from
        // Archived through a class that implements Definition, and is generated. The files sort derived first.
        const string userCode = """
            #pragma warning disable CS1591
            namespace Shop
            {
                public abstract class Root { public abstract string Definition { get; } }
                public abstract partial class Orders : Root { }
                public abstract partial class Archived : Orders { }
                public class Middle : Archived { public override string Definition => ""; }
                public partial class Current : Middle { }
            }
            """;
        var files = new[]
        {
            GeneratorHarness.File("Orders.asl.json", Definitions.Refund),
            GeneratorHarness.File("Archived.asl.json", Definitions.Refund),
            GeneratorHarness.File("Current.asl.json", Definitions.Refund),
        };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode, "class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Equal(
            [("ASL1007", "Archived.asl.json"), ("ASL1007", "Orders.asl.json")],
            diagnostics.Select(d => (d.Id, Path.GetFileName(d.Location.GetLineSpan().Path))).Order());
        var archived = diagnostics.Single(d => d.Location.GetLineSpan().Path.EndsWith("Archived.asl.json", StringComparison.Ordinal))
            .GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'Shop.Archived' derives from 'Shop.Root', whose abstract member 'Shop.Root.Definition'", archived, StringComparison.Ordinal);
        var generated = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Equal("Current.asl.g.cs", generated.HintName);
        Assert.Equal(["Definition"], NewMembers(generated.SourceText.ToString()));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0533, no CS0109

        // The order the classes are read in changes no answer: an unrelated edit leaves them equal.
        var unrelated = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int _x; }", GeneratorHarness.ParseOptions));
        var rerun = driver.RunGeneratorsAndUpdateCompilation(unrelated, out _, out var again).GetRunResult().Results.Single();
        Assert.Equal(diagnostics.Select(d => d.ToString()), again.Select(d => d.ToString()));
        Assert.All(rerun.TrackedSteps[TrackingNames.Classes].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Theory]
    [InlineData("public abstract string Definition { get; }", "Definition", true)] // hidden by the constant
    [InlineData("protected abstract object Program { get; }", "Program", true)] // by the property
    [InlineData("public abstract void States();", "States", true)] // by the nested class
    [InlineData("protected abstract int RunAsync { get; }", "RunAsync", true)] // a property, by the methods
    [InlineData("internal abstract void RegisterCompiledProgram();", "RegisterCompiledProgram", false)] // a method of the same signature
    [InlineData("protected abstract void CompiledProgram();", "CompiledProgram", false)] // by the private nested class
    [InlineData("protected abstract string AslDefinitionErrors { get; }", "AslDefinitionErrors", true)] // the shell's constant
    public void An_abstract_member_that_a_generated_member_would_hide_is_ASL1007_and_the_class_is_not_generated(string baseMember, string name, bool shellDeclaresIt)
    {
        // C# refuses to hide an abstract member (CS0533), new or not: the build failed with an error inside the
        // generated file. A static generated member cannot implement it either. Only a member the class declares
        // counts: a shell (a definition with errors) has no compiled program, a compiled class no errors' constant.
        foreach (var definition in new[] { Definitions.Refund, Definitions.Broken })
        {
            var declares = definition == Definitions.Refund ? name != "AslDefinitionErrors" : shellDeclaresIt;
            var userCode = "#pragma warning disable CS1591\nnamespace Shop { public abstract class Base { " + baseMember + " } public abstract partial class Orders : Base { } }";
            var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)])
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode), out var output, out var diagnostics);

            Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no CS0533
            if (!declares)
            {
                Assert.Empty(diagnostics);
                Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
                continue;
            }

            Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("ASL1007", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("'Shop.Base." + name + "'", message, StringComparison.Ordinal);
            Assert.Contains("generated member '" + name + "'", message, StringComparison.Ordinal);
            Assert.Contains("CS0533", message, StringComparison.Ordinal);
            Assert.EndsWith("'Orders.asl.json' is not generated.", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("public abstract void RunAsync(int x);")] // an overload: not hidden
    [InlineData("public abstract void RegisterCompiledProgram(int x);")]
    [InlineData("public abstract void CreateStateMachineAsync();")]
    public void An_abstract_method_that_a_generated_method_overloads_is_not_ASL1007(string baseMember)
    {
        var userCode = "#pragma warning disable CS1591\nnamespace Shop { public abstract class Base { " + baseMember + " } public abstract partial class Orders : Base { } }";
        var (diagnostics, source, output) = Run(Definitions.Refund, userCode);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Empty(NewMembers(source));
    }

    [Fact]
    public void An_abstract_member_overridden_by_a_closer_base_is_hidden_with_new()
    {
        // C# looks for the hidden member in the closest base that has one: the override, which may be hidden.
        const string userCode = """
            #pragma warning disable CS1591
            namespace Shop
            {
                public abstract class Root { public abstract object Program { get; } }
                public abstract class Base : Root { public override object Program => 1; }
                public abstract partial class Orders : Base { }
            }
            """;
        var (diagnostics, source, output) = Run(Definitions.Refund, userCode);

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(["Program"], NewMembers(source));
    }

    private static string Base(string member) =>
        "#pragma warning disable CS1591, CS0169, CS0649\nnamespace Shop { public class Base { " + member + " } public partial class Orders : Base { } }";

    private static (ImmutableArray<Diagnostic> Diagnostics, string Source, Compilation Output) Run(string definition, string userCode)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)])
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, userCode), out var output, out var diagnostics);
        return (diagnostics, Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString(), output);
    }

    /// <summary>The names of the generated class's own members declared <c>new</c>, ordinal order.</summary>
    private static List<string> NewMembers(string source)
    {
        var type = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        return type.Members
            .Where(m => m.Modifiers.Any(SyntaxKind.NewKeyword))
            .SelectMany(m => m switch
            {
                BaseTypeDeclarationSyntax t => [t.Identifier.Text],
                MethodDeclarationSyntax method => [method.Identifier.Text],
                PropertyDeclarationSyntax property => [property.Identifier.Text],
                BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text),
                _ => [],
            })
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
