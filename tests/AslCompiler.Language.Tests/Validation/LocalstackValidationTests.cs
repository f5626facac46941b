using System.Text.Json;
using System.Text.RegularExpressions;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Tests.Infrastructure;
using AslCompiler.Language.Validation;
using Xunit.Abstractions;

namespace AslCompiler.Language.Tests.Validation;

/// <summary>AWS is the ground truth: the LocalStack corpus recorded what AWS accepted and rejected.</summary>
public class LocalstackValidationTests(ITestOutputHelper output)
{
    private static readonly Regex AwsMessage = new(@"Invalid State Machine Definition: '(?<code>[A-Z_]+): (?<message>.*?) at (?<location>/[^']*|null)'", RegexOptions.Singleline);

    [Fact]
    public void Every_definition_that_ran_on_AWS_validates_ok_with_its_type()
    {
        var failures = new List<string>();
        var files = Directory.GetFiles(CorpusPaths.InCorpus("localstack/cases"), "*.json");
        foreach (var file in files)
        {
            var json = JsonSyntaxReader.Parse(File.ReadAllText(file));
            var root = (JsonObjectSyntax)json.Root!;
            var type = root["state_machine_type"] is JsonStringSyntax { Value: "EXPRESS" } ? StateMachineType.Express : StateMachineType.Standard;
            var result = AslValidator.Validate(root["definition"]!, json.Source, new ValidationOptions { Type = type });
            if (!result.IsOk)
            {
                failures.Add(Path.GetFileName(file) + ": " + string.Join(" | ", result.Diagnostics.Select(d => d.Code + " " + d.Location + " " + d.Message)));
            }
        }

        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(files.Length >= 800, $"only {files.Length} cases found");
        Assert.Empty(failures);
    }

    public static IEnumerable<object[]> InvalidDefinitionCases()
    {
        foreach (var file in Directory.GetFiles(CorpusPaths.InCorpus("localstack/api_error_cases"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var api = document.RootElement.GetProperty("api").GetString();
            var response = document.RootElement.GetProperty("expected_response").ToString();
            if (api is "create_state_machine" or "update_state_machine" or "test_state" &&
                response.Contains("InvalidDefinition", StringComparison.Ordinal) &&
                !response.Contains("TestState API does not support", StringComparison.Ordinal))
            {
                yield return new object[] { Path.GetFileName(file) };
            }
        }
    }

    [Theory]
    [MemberData(nameof(InvalidDefinitionCases))]
    public void Definitions_AWS_rejected_fail_with_its_code_and_location(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("localstack/api_error_cases/" + fileName)));
        var request = document.RootElement.GetProperty("request");
        var definition = request.GetProperty("definition");
        var text = definition.ValueKind == JsonValueKind.String ? definition.GetString()! : definition.GetRawText();
        if (document.RootElement.GetProperty("api").GetString() == "test_state" && !definition.TryGetProperty("States", out _))
        {
            // TestState of a single state: AWS reports it as the state named StateName.
            text = "{\"StartAt\": \"StateName\", \"States\": {\"StateName\": " + text + "}}";
        }

        var type = request.TryGetProperty("type", out var t) && t.GetString() == "EXPRESS" ? StateMachineType.Express : StateMachineType.Standard;
        var result = AslValidator.Validate(text, new ValidationOptions { Type = type });

        Assert.Equal(ValidationResultCode.Fail, result.Result);
        var match = AwsMessage.Match(document.RootElement.GetProperty("expected_response").ToString());
        if (match.Success)
        {
            var code = match.Groups["code"].Value;
            var location = match.Groups["location"].Value;
            var message = match.Groups["message"].Value;
            Assert.Contains(result.Diagnostics, d => d.Code == code && (d.Location ?? "null") == location);
            Assert.Contains(result.Diagnostics, d => d.Code == code && message.StartsWith(d.Message.Split(" (")[0].TrimEnd(), StringComparison.Ordinal));
        }
    }

    public static IEnumerable<object[]> ValidationCases() =>
        Directory.GetFiles(CorpusPaths.InCorpus("localstack/validation_cases"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public void ValidateStateMachineDefinition_reproduces_AWS_result_codes_and_locations(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("localstack/validation_cases/" + fileName)));
        var request = document.RootElement.GetProperty("request");
        var definition = request.GetProperty("definition");
        var text = definition.ValueKind == JsonValueKind.String ? definition.GetString()! : definition.GetRawText();
        var type = request.TryGetProperty("type", out var t) && t.GetString() == "EXPRESS" ? StateMachineType.Express : StateMachineType.Standard;
        var expected = document.RootElement.GetProperty("expected_response");

        var result = AslValidator.Validate(text, new ValidationOptions { Type = type });

        Assert.Equal(expected.GetProperty("result").GetString(), ValidationResult.ToAwsString(result.Result));
        Assert.Equal(expected.GetProperty("truncated").GetBoolean(), result.Truncated);
        var expectedDiagnostics = expected.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(expectedDiagnostics.Count, result.Diagnostics.Count);
        for (var i = 0; i < expectedDiagnostics.Count; i++)
        {
            var want = expectedDiagnostics[i];
            var got = result.Diagnostics[i];
            Assert.Equal(want.GetProperty("code").GetString(), got.Code);
            Assert.Equal(want.GetProperty("severity").GetString(), ValidationResult.ToAwsString(got.Severity));
            if (got.Code != AslDiagnosticCodes.InvalidJsonDescription)
            {
                // AWS's JSON parser names its own source positions; ours are JSON Pointers.
                Assert.Equal(want.TryGetProperty("location", out var location) ? location.GetString() : null, got.Location);
                Assert.Equal(want.GetProperty("message").GetString(), got.Message);
            }
        }
    }
}
