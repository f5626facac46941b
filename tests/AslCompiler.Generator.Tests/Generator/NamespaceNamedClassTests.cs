using System.Globalization;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A class whose full name is a namespace the project sees (<c>System.asl.json</c> without a RootNamespace,
/// <c>Runtime.asl.json</c> under the RootNamespace <c>AslCompiler</c>) took that namespace's place in every
/// <c>global::</c> name of its generated file: CS0437 and CS0426 inside code the user did not write (found by fuzzing the
/// generator). It is ASL1016 on the file now, and the class is not generated.
/// </summary>
public class NamespaceNamedClassTests
{
    private const string PassDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    // The same file name with an error in it: its class would be a shell, which names the same namespaces.
    private const string InvalidDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Nowhere"}}}""";

    [Theory]
    [InlineData("System.asl.json", "", "System")]
    [InlineData("AslCompiler.asl.json", "", "AslCompiler")]
    [InlineData("Runtime.asl.json", "AslCompiler", "AslCompiler.Runtime")]
    [InlineData("Json.asl.json", "AslCompiler.Runtime", "AslCompiler.Runtime.Json")]
    [InlineData("Threading.asl.json", "System", "System.Threading")]
    [InlineData("System/Threading.asl.json", "", "System.Threading")]
    public void A_class_named_like_a_namespace_is_ASL1016_and_not_generated(string path, string rootNamespace, string fullName)
    {
        foreach (var definition in new[] { PassDefinition, InvalidDefinition })
        {
            var (diagnostics, sources, output) = Run(path, definition, rootNamespace);

            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("ASL1016", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(GeneratorHarness.ProjectDir + path, diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(
                "The class '" + fullName + "' that '" + Path.GetFileName(path) + "' generates has the full name of a namespace ('" + fullName
                    + "', in this project or an assembly it references): in the generated code C# would take the class for that namespace (CS0437, CS0426). "
                    + "Rename the file, set AslClassName, or change the RootNamespace; the class is not generated.",
                diagnostic.GetMessage(CultureInfo.InvariantCulture));
            Assert.Empty(sources);
            Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        }
    }

    [Fact]
    public void A_namespace_of_the_project_itself_counts_too()
    {
        var (diagnostics, sources, _) = Run("Billing.asl.json", PassDefinition, "Shop", "namespace Shop.Billing { public class Invoice { } }");

        Assert.Equal("ASL1016", Assert.Single(diagnostics).Id);
        Assert.Empty(sources);
    }

    [Theory]
    [InlineData("Systems.asl.json", "")]
    [InlineData("System.asl.json", "Shop")] // Shop.System: global::System still names the namespace
    [InlineData("Runtime.asl.json", "")]
    public void A_name_that_is_no_namespace_the_project_sees_is_generated(string path, string rootNamespace)
    {
        var (diagnostics, sources, output) = Run(path, PassDefinition, rootNamespace);

        Assert.Empty(diagnostics);
        Assert.Single(sources);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Fact]
    public void The_other_definitions_of_the_project_are_generated()
    {
        var files = new[] { GeneratorHarness.File("System.asl.json", PassDefinition), GeneratorHarness.File("Orders.asl.json", PassDefinition) };
        var driver = GeneratorHarness.CreateDriver(files, rootNamespace: "")
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out var output, out var diagnostics);

        Assert.Equal("ASL1016", Assert.Single(diagnostics).Id);
        Assert.Equal(["Orders.asl.g.cs"], driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<GeneratedSourceResult> Sources, Compilation Output) Run(
        string path, string definition, string rootNamespace, params string[] sources)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File(path, definition)], rootNamespace: rootNamespace)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, sources), out var output, out var diagnostics);
        return (diagnostics, driver.GetRunResult().Results.Single().GeneratedSources, output);
    }
}
