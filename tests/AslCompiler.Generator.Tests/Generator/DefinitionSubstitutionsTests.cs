using System.Collections.Immutable;
using AslCompiler.Runtime.Compiled;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// <c>AslDefinitionSubstitutions</c>: a definition of a SAM or CDK project, whose placeholders CloudFormation's
/// DefinitionSubstitutions fill at deployment, validated and compiled with the values the item metadata gives.
/// </summary>
public class DefinitionSubstitutionsTests
{
    private const string Sam = """
        {
          "StartAt": "Charge",
          "States": {
            "Charge": { "Type": "Task", "Resource": "${ChargeFunctionArn}", "Next": "Save" },
            "Save": {
              "Type": "Task",
              "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": { "TableName": "${TableName}", "Item": { "id": { "S.$": "$.id" } } },
              "End": true
            }
          }
        }
        """;

    private const string Values = "ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:charge;TableName=orders";

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Metadata(string path, string list) =>
        new Dictionary<string, IReadOnlyDictionary<string, string>> { [path] = new Dictionary<string, string> { ["AslDefinitionSubstitutions"] = list } };

    [Fact]
    public void The_class_is_compiled_from_the_definition_with_its_values()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", Sam)], itemMetadata: Metadata("Billing.asl.json", Values));
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var source = sources["Billing.asl.g.cs"];
        Assert.Contains("private static class CompiledProgram", source, StringComparison.Ordinal);
        Assert.Equal(["ChargeFunctionArnAsync", "PutItemAsync"], output.GetTypeByMetadataName("Shop.Billing+IHandlers")!.GetMembers().Select(m => m.Name).Order(StringComparer.Ordinal));

        // The definition CloudFormation deploys: the API runs this class for it.
        var deployed = Sam.Replace("${ChargeFunctionArn}", "arn:aws:lambda:us-east-1:123456789012:function:charge", StringComparison.Ordinal).Replace("${TableName}", "orders", StringComparison.Ordinal);
        var fields = output.GetTypeByMetadataName("Shop.Billing")!.GetMembers().OfType<IFieldSymbol>().ToDictionary(f => f.Name, f => (string)f.ConstantValue!);
        Assert.Equal(CompiledStateMachines.CanonicalDefinition(deployed), fields["Definition"]);
        Assert.Equal(CompiledStateMachines.ComputeHash(deployed), fields["DefinitionHash"]);
    }

    [Theory]
    [InlineData("Stage=dev")]
    [InlineData("Stage=prod")]
    [InlineData(null)] // not substituted at all
    public void Handler_methods_are_named_from_the_definition_as_written_so_values_do_not_rename_them(string? list)
    {
        const string definition = """
            {"StartAt": "Charge", "States": {
              "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:${Stage}-charge", "Next": "Ship"},
              "Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "${Stage}-ship", "Payload.$": "$"}, "End": true}}}
            """;
        var metadata = list is null ? null : Metadata("Billing.asl.json", list);
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", definition)], itemMetadata: metadata);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Equal(["StageChargeAsync", "StageShipAsync"], output.GetTypeByMetadataName("Shop.Billing+IHandlers")!.GetMembers().Select(m => m.Name).Order(StringComparer.Ordinal));
        if (list is not null)
        {
            // Registered under the deployed function, which the kernel calls.
            var stage = list["Stage=".Length..];
            Assert.Contains("own.Register(\"arn:aws:lambda:us-east-1:123456789012:function:" + stage + "-charge\"", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
            Assert.Contains("own.Register(\"" + stage + "-ship\"", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_numbers_placeholder_outside_a_string_is_replaced_as_CloudFormation_replaces_it()
    {
        // Not JSON as written; the deployed text is.
        const string definition = """{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": ${Max}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""";
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", definition)], itemMetadata: Metadata("Billing.asl.json", "Max=5"));
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains("private static class CompiledProgram", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
        Assert.Contains("\\\"MaxConcurrency\\\":5", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_name_is_ASL1015_naming_the_placeholder_left_and_the_entries_unused()
    {
        // ${TableName} is in Parameters, which AWS does not check: without the warning it would deploy as written.
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", Sam)], itemMetadata: Metadata("Billing.asl.json", "ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:charge;TableNmae=orders"))
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out var output, out var diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1015", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity); // an error here, where warnings are
        Assert.Equal("The placeholders ${TableName} have no value in the definition's AslDefinitionSubstitutions (its entries TableNmae name no placeholder: a misspelt name?). A placeholder without a value stays as written, as on deployment.", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output)); // the class is compiled
    }

    [Fact]
    public void Without_the_values_the_placeholders_are_what_AWS_refuses()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", Sam)]);
        var (_, _, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Contains("ASL0004 (4,45): Invalid resource: '${ChargeFunctionArn}' is not an ARN", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_analyzer_reads_the_definition_with_its_values_and_places_what_it_finds_in_the_file_as_written()
    {
        // A value for TableName only: the function placeholder is left, and AWS would refuse it. A later error (a Next
        // to no state) comes after a value longer than its placeholder.
        var definition = Sam.Replace("\"End\": true", "\"Next\": \"Nowhere\"", StringComparison.Ordinal);
        var file = GeneratorHarness.ProjectDir + "Billing.asl.json";
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(
            ImmutableDictionary<string, ReportDiagnostic>.Empty,
            Metadata(file, "TableName=a-table-name-longer-than-its-placeholder"),
            (file, definition));

        Assert.Equal(["ASL0004", "ASL0005", "ASL0010"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        var resource = diagnostics.Single(d => d.Id == "ASL0004");
        Assert.Equal("\"${ChargeFunctionArn}\"", definition.Substring(resource.Location.SourceSpan.Start, resource.Location.SourceSpan.Length));
        Assert.EndsWith("'${ChargeFunctionArn}' is a placeholder that CloudFormation fills at deployment (DefinitionSubstitutions): give its value as AslDefinitionSubstitutions item metadata.", resource.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var next = diagnostics.Single(d => d.Id == "ASL0010");
        Assert.DoesNotContain("placeholder", next.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("\"Nowhere\"", definition.Substring(next.Location.SourceSpan.Start, next.Location.SourceSpan.Length));

        // With both values nothing is left to report.
        Assert.Empty(await AnalyzerHarness.AnalyzeAsync(ImmutableDictionary<string, ReportDiagnostic>.Empty, Metadata(file, Values), (file, Sam)));
    }

    [Fact]
    public void A_shells_error_positions_are_in_the_file_as_written()
    {
        var definition = Sam.Replace("\"End\": true", "\"Next\": \"Nowhere\"", StringComparison.Ordinal);
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", definition)], itemMetadata: Metadata("Billing.asl.json", Values));
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Contains("Fix the ASL errors the build reports: ASL0005 (3,3): Workflow has no terminal state. ASL0010 (9,15): Missing 'Next' target: Nowhere.\";", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ChargeFunctionArn", "The entry 'ChargeFunctionArn' is not Name=value.")]
    [InlineData("A=1;A=2", "The substitution 'A' is given twice.")]
    [InlineData("A=${B};B=${A}", "name each other in a circle (A → B → A)")]
    [InlineData("$([System.Text.RegularExpressions.Regex]::Replace('A=it", "a value holds an apostrophe (')")] // what MSBuild passes on then
    public void A_list_that_does_not_read_is_ASL1014_and_the_definition_is_read_as_written(string list, string error)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Billing.asl.json", Sam)], itemMetadata: Metadata("Billing.asl.json", list))
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences), out _, out var diagnostics);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ASL1014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(error, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("ASL0004", sources["Billing.asl.g.cs"], StringComparison.Ordinal);
    }
}
