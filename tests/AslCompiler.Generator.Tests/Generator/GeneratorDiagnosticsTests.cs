using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>The generator's own diagnostics (ASL1001-ASL1003): name collisions and names that are not identifiers.</summary>
public class GeneratorDiagnosticsTests
{
    [Fact]
    public void Two_files_that_make_the_same_class_report_ASL1001_on_the_later_file_and_generate_the_earlier()
    {
        var (diagnostics, sources, output) = Run(
            [GeneratorHarness.File("order-processing.asl.json", Definitions.Refund), GeneratorHarness.File("order_processing.asl.json", Definitions.Refund)]);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.ProjectDir + "order_processing.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("Shop.OrderProcessing", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(["order-processing.asl.g.cs"], sources.Keys);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Two_files_with_the_same_AslClassName_report_ASL1001()
    {
        var names = new Dictionary<string, string> { ["a.asl.json"] = "Flow", ["b.asl.json"] = "Flow" };
        var (diagnostics, sources, _) = Run(
            [GeneratorHarness.File("a.asl.json", Definitions.Refund), GeneratorHarness.File("b.asl.json", Definitions.Refund)], names);

        Assert.Equal("ASL1001", Assert.Single(diagnostics).Id);
        Assert.Equal(["a.asl.g.cs"], sources.Keys);
    }

    [Theory]
    [InlineData("Shop.Order", "Shop.Order")] // both usable
    [InlineData("Shop.Order", "Shop.Missing")] // the file that is not generated names a type that does not exist
    [InlineData("Shop.Order", "Shop.Tools")] // ... or one that cannot be used
    [InlineData(null, "Shop.Missing")] // the generated file is not typed, the other is
    public void Two_typed_files_that_make_the_same_class_report_only_ASL1001(string? firstType, string secondType)
    {
        // The Classes step tried the typed types of both files, though only the first is generated: an ASL1005 about a
        // class that is not generated came with the ASL1001.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["a.asl.json"] = firstType is null ? new Dictionary<string, string> { ["AslClassName"] = "Flow" } : new Dictionary<string, string> { ["AslClassName"] = "Flow", ["AslInputType"] = firstType },
            ["b.asl.json"] = new Dictionary<string, string> { ["AslClassName"] = "Flow", ["AslInputType"] = secondType },
        };
        var (diagnostics, sources, output) = RunTyped([GeneratorHarness.File("a.asl.json", Definitions.Refund), GeneratorHarness.File("b.asl.json", Definitions.Refund)], metadata);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1001", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "b.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(["a.asl.g.cs"], sources.Keys);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(firstType is null ? 2 : 4, output.GetTypeByMetadataName("Shop.Flow")!.GetMembers("RunAsync").Length);
    }

    [Fact]
    public void The_generated_file_of_two_that_make_the_same_class_still_reports_its_own_ASL1005()
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["a.asl.json"] = new Dictionary<string, string> { ["AslClassName"] = "Flow", ["AslInputType"] = "Shop.Missing" },
            ["b.asl.json"] = new Dictionary<string, string> { ["AslClassName"] = "Flow", ["AslInputType"] = "Shop.Order" },
        };
        var (diagnostics, sources, output) = RunTyped([GeneratorHarness.File("a.asl.json", Definitions.Refund), GeneratorHarness.File("b.asl.json", Definitions.Refund)], metadata);

        Assert.Equal(["ASL1001 b.asl.json", "ASL1005 a.asl.json"], diagnostics.Select(d => d.Id + " " + Path.GetFileName(d.Location.GetLineSpan().Path)).Order(StringComparer.Ordinal));
        Assert.Equal(["a.asl.g.cs"], sources.Keys);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    [Theory]
    [InlineData("Shop.Missing", "Shop.Orders.Item")]
    [InlineData("Shop.Order", "Shop.Orders.Item")]
    [InlineData("Shop.Order", "Item")]
    public void A_typed_class_named_like_a_folders_namespace_reports_only_ASL1001(string classType, string namespaceType)
    {
        // Orders.asl.json (the class Shop.Orders, not generated) beside Orders/Refund.asl.json (namespace Shop.Orders):
        // the probe declared the class Shop.Orders that is not generated, which made Shop.Orders both a class and a
        // namespace there, so a type of that namespace (Shop.Orders.Item) could not be found: a spurious ASL1005.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Orders.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = classType },
            ["Orders/Refund.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = namespaceType },
        };
        var (diagnostics, sources, output) = RunTyped([GeneratorHarness.File("Orders.asl.json", Definitions.Refund), GeneratorHarness.File("Orders/Refund.asl.json", Definitions.Refund)], metadata);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1001", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(["Orders.Refund.asl.g.cs"], sources.Keys);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal(4, output.GetTypeByMetadataName("Shop.Orders.Refund")!.GetMembers("RunAsync").Length);
    }

    [Fact]
    public void A_typed_file_that_makes_the_same_file_name_reports_only_ASL1002()
    {
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["A.B.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Order", ["AslClassName"] = "Other" }, // generated: '.' sorts before '/'
            ["A/B.asl.json"] = new Dictionary<string, string> { ["AslInputType"] = "Shop.Missing" },
        };
        var (diagnostics, sources, output) = RunTyped([GeneratorHarness.File("A/B.asl.json", Definitions.Refund), GeneratorHarness.File("A.B.asl.json", Definitions.Refund)], metadata);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1002", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "A/B.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(["A.B.asl.g.cs"], sources.Keys);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, ImmutableDictionary<string, string> Sources, Compilation Output) RunTyped(
        AdditionalText[] files, Dictionary<string, IReadOnlyDictionary<string, string>> metadata)
    {
        const string types = """
            namespace Shop
            {
                internal sealed record Order(string OrderId, int Amount);
                internal static class Tools { }
            }
            namespace Shop.Orders
            {
                internal sealed record Item(string Sku);
            }
            """;
        var driver = GeneratorHarness.CreateDriver(files, itemMetadata: metadata)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, types), out var output, out var diagnostics);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources
            .ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return (diagnostics, sources, output);
    }

    [Fact]
    public void Files_whose_hint_names_differ_only_in_case_report_ASL1002()
    {
        var (diagnostics, sources, _) = Run(
            [GeneratorHarness.File("Order.asl.json", Definitions.Refund), GeneratorHarness.File("order.asl.json", Definitions.Refund)]);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1002", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "order.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(["Order.asl.g.cs"], sources.Keys);
    }

    [Fact]
    public void Two_linked_files_of_one_name_are_named_by_their_paths_in_ASL1002()
    {
        // Outside the project a file keeps only its name, so both would be 'flow.asl.json' in the message.
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["../A/flow.asl.json"] = new Dictionary<string, string> { ["AslClassName"] = "FlowA" },
            ["../B/flow.asl.json"] = new Dictionary<string, string> { ["AslClassName"] = "FlowB" },
        };
        var (diagnostics, sources, _) = RunTyped(
            [GeneratorHarness.File("../A/flow.asl.json", Definitions.Refund), GeneratorHarness.File("../B/flow.asl.json", Definitions.Refund)], metadata);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1002", diagnostic.Id);
        Assert.Equal(
            "'/src/Shop/../B/flow.asl.json' and '/src/Shop/../A/flow.asl.json' both generate the file 'flow.asl.g.cs'; '/src/Shop/../B/flow.asl.json' is not generated. Rename one of them (AslClassName does not change the file's name).",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["flow.asl.g.cs"], sources.Keys);
    }

    [Fact]
    public void A_class_named_like_a_folders_namespace_is_ASL1001_not_a_CSharp_error()
    {
        // Orders.asl.json beside Orders/Refund.asl.json: the class Shop.Orders and the namespace Shop.Orders (CS0101).
        var (diagnostics, sources, output) = Run(
            [GeneratorHarness.File("Orders.asl.json", Definitions.Refund), GeneratorHarness.File("Orders/Refund.asl.json", Definitions.Refund)]);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1001", diagnostic.Id);
        Assert.Equal(GeneratorHarness.ProjectDir + "Orders.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("'Orders.asl.json' generates the class 'Shop.Orders', which is also the namespace of 'Orders/Refund.asl.json'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(["Orders.Refund.asl.g.cs"], sources.Keys);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS0101");
    }

    [Fact]
    public void Same_file_name_in_different_folders_is_not_a_collision()
    {
        var (diagnostics, sources, _) = Run(
            [GeneratorHarness.File("A/Order.asl.json", Definitions.Refund), GeneratorHarness.File("B/Order.asl.json", Definitions.Refund)]);

        Assert.Empty(diagnostics);
        Assert.Equal(2, sources.Count);
    }

    [Theory]
    [InlineData("1st-order", "_1stOrder")]
    [InlineData("order#2", "Order2")]
    [InlineData("!!!", "StateMachine")]
    [InlineData("_1st", "_1st")]
    public void A_file_name_that_is_not_an_identifier_reports_ASL1003_and_still_generates(string stem, string className)
    {
        var (diagnostics, sources, _) = Run([GeneratorHarness.File(stem + ".asl.json", Definitions.Refund)]);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1003", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("'" + className + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("partial class " + className, Assert.Single(sources.Values), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("order-processing")]
    [InlineData("order_processing")]
    [InlineData("Order Processing")]
    [InlineData("order.processing")]
    [InlineData("_n_code")] // a consumer trial: leading underscores are separators too (NCode)
    public void Ordinary_file_names_report_nothing(string stem)
    {
        var (diagnostics, sources, _) = Run([GeneratorHarness.File(stem + ".asl.json", Definitions.Refund)]);

        Assert.Empty(diagnostics);
        Assert.Single(sources);
    }

    [Theory]
    [InlineData("my workflow", "my_workflow")]
    [InlineData("class", "@class")]
    public void An_AslClassName_that_is_not_an_identifier_reports_ASL1003(string name, string className)
    {
        var (diagnostics, sources, _) = Run([GeneratorHarness.File("a.asl.json", Definitions.Refund)], new Dictionary<string, string> { ["a.asl.json"] = name });

        Assert.Equal("ASL1003", Assert.Single(diagnostics).Id);
        Assert.Contains("partial class " + className, Assert.Single(sources.Values), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Program")]
    [InlineData("Definition")]
    [InlineData("States")]
    [InlineData("RunAsync")]
    public void A_name_of_a_member_of_the_generated_class_gets_a_class_that_compiles(string stem)
    {
        // Program.asl.json made a class Program with a member Program (CS0542); states named like object's members hid
        // them (CS0108). Both broke the consumer's build with C# errors instead of an ASL diagnostic.
        const string definition = """
            {"StartAt": "Equals", "States": {
              "Equals": {"Type": "Pass", "Next": "ToString"}, "ToString": {"Type": "Pass", "Next": "GetType"},
              "GetType": {"Type": "Pass", "Next": "GetHashCode"}, "GetHashCode": {"Type": "Pass", "Next": "ReferenceEquals"},
              "ReferenceEquals": {"Type": "Succeed"}}}
            """;
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/" + stem + ".asl.json", definition)])
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out var output, out _);
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // no C# error or warning
        var source = Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString();
        Assert.Contains("partial class " + stem + "StateMachine", source, StringComparison.Ordinal);
        Assert.Contains("public const string Equals2 = \"Equals\";", source, StringComparison.Ordinal);
        Assert.Contains("public const string ReferenceEquals2 = \"ReferenceEquals\";", source, StringComparison.Ordinal);

        var (diagnostics, _, _) = Run([GeneratorHarness.File(stem + ".asl.json", Definitions.Refund)]);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1003", diagnostic.Id);
        Assert.Contains("'" + stem + "StateMachine'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_names_a_class_may_not_take_are_every_member_the_generated_class_has(bool valid)
    {
        // AslGenerator.GeneratedMemberNames is kept by hand beside the emitter: a member added there must be added here.
        var definition = valid ? Definitions.Refund : "{\"StartAt\": 1}";
        var source = valid
            ? GeneratorHarness.Generate("Flows/Refund.asl.json", definition).Source
            : Assert.Single(GeneratorHarness.Run(
                GeneratorHarness.CreateDriver([GeneratorHarness.File("Flows/Refund.asl.json", definition)]),
                GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences)).Sources).Value; // the shell, with its throwing members
        var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();
        var type = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().First();
        var names = type.Members.SelectMany(m => m switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax t => [t.Identifier.Text],
            Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method => [method.Identifier.Text],
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => [property.Identifier.Text],
            Microsoft.CodeAnalysis.CSharp.Syntax.BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text),
            _ => [],
        }).Distinct().ToList(); // private ones too: an AslClassName can name any of them
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(name, AslGenerator.GeneratedMemberNames));
    }

    [Theory]
    [InlineData("orders", "Orders")]
    [InlineData("var", "Var")]
    [InlineData("record", "Record")]
    [InlineData("required", "Required")]
    public void An_AslClassName_of_lower_case_letters_only_reports_ASL1003_and_gets_a_class_that_compiles(string name, string className)
    {
        // C# reserves such type names (CS8981, a warning at the SDK's default warning level); 'record', 'required',
        // 'scoped' and 'file' cannot name a type at all, and a class named 'var' broke every 'var x = ...' inside it.
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences);
        compilation = compilation.WithOptions(compilation.Options.WithWarningLevel(10)); // the .NET 10 SDK's default
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("a.asl.json", Definitions.OrderProcessing)], classNames: new Dictionary<string, string> { ["a.asl.json"] = name })
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1003", diagnostic.Id);
        Assert.Contains("the class is named '" + className + "'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("partial class " + className, Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s_program", true)]
    [InlineData("AslDefinitionErrors", false)]
    [InlineData("get_Program", true)] // the getter of Program, which C# names so
    public void An_AslClassName_that_names_a_private_member_gets_a_class_that_compiles(string name, bool valid)
    {
        // The compiled class's s_program field and the shell's AslDefinitionErrors constant were not in the names a
        // class may not take: the class compiled with CS0542 (a member named like its class).
        var definition = valid ? Definitions.Refund : Definitions.Broken;
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("a.asl.json", definition)], classNames: new Dictionary<string, string> { ["a.asl.json"] = name })
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out var output, out var diagnostics);

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Equal("ASL1003", Assert.Single(diagnostics).Id);
        Assert.Contains("partial class " + name + "StateMachine", Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_resource_makes_a_handler_name_that_fits_in_metadata()
    {
        // A 1,100-character resource segment made a handler method whose name was past the metadata limit (CS7013).
        // Two such resources that share their start still get two names.
        var definition = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "arn:aws:states:::LONG1", "Next": "B"},
              "B": {"Type": "Task", "Resource": "arn:aws:states:::LONG2", "End": true}}}
            """.Replace("LONG1", new string('y', 1100) + "1", StringComparison.Ordinal).Replace("LONG2", new string('y', 1100) + "2", StringComparison.Ordinal);
        var (_, source) = GeneratorHarness.Generate("Flows/Long.asl.json", definition); // compiles without errors or warnings
        var names = System.Text.RegularExpressions.Regex.Matches(source, @"ValueTask<global::AslCompiler\.Runtime\.Json\.JsonValue> (\w+)\(").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, names.Count);
        Assert.NotEqual(names[0], names[1]);
        Assert.All(names, name => Assert.True(name.Length <= 200 + "Async".Length, name.Length + " characters"));
    }

    [Fact]
    public async Task A_definition_longer_than_AWS_takes_is_ASL1012_and_its_class_a_shell()
    {
        // A hostile-input trial: a 1.15 MB definition built silently (AWS refuses it at CreateStateMachine), a 20 MB one
        // flooded the build with 40,000 CS8103 errors inside the generated file after minutes of compiling.
        static string Of(int length)
        {
            const string head = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":" """;
            const string tail = """ ","End":true}}}""";
            return head + new string('x', length - head.Length - tail.Length) + tail;
        }

        var tooLong = Of(1_048_577);
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Huge.asl.json", tooLong), GeneratorHarness.File("Fits.asl.json", Of(1_048_576))])
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out var output, out var diagnostics);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("ASL1012", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(GeneratorHarness.ProjectDir + "Huge.asl.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(
            "The definition is 1,048,577 characters long; AWS takes at most 1,048,576 (CreateStateMachine and ValidateStateMachineDefinition refuse it), so its class has no compiled program",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var sources = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        Assert.DoesNotContain("CompiledProgram", sources["Huge.asl.g.cs"], StringComparison.Ordinal);
        Assert.Contains("ASL1012: The definition is 1,048,577 characters long", sources["Huge.asl.g.cs"], StringComparison.Ordinal);
        Assert.Contains("CompiledProgram", sources["Fits.asl.g.cs"], StringComparison.Ordinal);

        // The analyzer does not validate what AWS does not; the one at the limit it does (and finds it valid).
        Assert.Empty(await AnalyzerHarness.AnalyzeAsync(("Huge.asl.json", tooLong), ("Fits.asl.json", Of(1_048_576))));
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, ImmutableDictionary<string, string> Sources, Compilation Output) Run(
        AdditionalText[] files, Dictionary<string, string>? classNames = null)
    {
        var driver = GeneratorHarness.CreateDriver(files, classNames: classNames)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.FrameworkOnly), out var output, out var diagnostics);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources
            .ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return (diagnostics, sources, output);
    }
}
