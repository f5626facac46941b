using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// One API call recorded failing on AWS (../shared/corpus/localstack/api_error_cases): the request as the test sent it,
/// the recorded error code and message, and what the recorded test had created before the call. Shared by the runtime's
/// replay through the typed API and the server's replay over the wire (linked into both test projects).
/// </summary>
internal sealed record RecordedApiError(string Id, string Action, JsonObject Request, string ErrorCode, string? ErrorMessage, bool MessageVerifiable)
{
    /// <summary>The account the recorder writes for every account id.</summary>
    public const string Account = "111111111111";

    public const string RoleArn = "arn:aws:iam::" + Account + ":role/sfn-role";

    private const string PassDefinition = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""";

    private const string OtherDefinition = """{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}""";

    // The members the API takes as JSON text, which the recorder stored decoded.
    private static readonly string[] StringMembers = ["definition", "input", "output", "variables", "context"];

    private static readonly string[] LocalStackLabels = ["'invalid_execution_arn'", "'sm_nonexistent_arn'", "'ssm_nonexistent_arn'", "'activity_arn'"];

    /// <summary>The recorded cases under <paramref name="corpusRoot"/> (../shared/corpus), in file-name order.</summary>
    public static IReadOnlyList<RecordedApiError> Load(string corpusRoot) =>
        [.. Directory.GetFiles(Path.Combine(corpusRoot, "localstack", "api_error_cases"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => Parse(Path.GetFileNameWithoutExtension(file), JsonNode.Parse(File.ReadAllText(file))!.AsObject()))];

    /// <summary>A <see cref="LocalStepFunctions"/> in the recorder's account and region.</summary>
    public static LocalStepFunctions CreateApi(TimeProvider? time = null) => new(new StepFunctionsOptions
    {
        AccountId = Account,
        Region = "us-east-1",
        TimeProvider = time ?? TimeProvider.System,
    });

    /// <summary>Whether <paramref name="actual"/> is the recorded message, snapshot placeholders and LocalStack's labels standing for any text.</summary>
    public static bool Matches(string expected, string actual)
    {
        var pattern = Regex.Escape(expected);
        pattern = Regex.Replace(pattern, @"<[^<>]*>", ".*?");
        foreach (var label in LocalStackLabels)
        {
            pattern = pattern.Replace(Regex.Escape(label), "'.*?'", StringComparison.Ordinal);
        }

        return Regex.IsMatch(actual, "^" + pattern + "$", RegexOptions.Singleline);
    }

    /// <summary>Null when <paramref name="code"/> and <paramref name="message"/> are the recorded error, else what differs.</summary>
    public string? Compare(string code, string message)
    {
        if (code != ErrorCode)
        {
            return code + " instead of " + ErrorCode + ": " + message;
        }

        return ErrorMessage is not null && MessageVerifiable && !Matches(ErrorMessage, message) ? "message '" + message + "' instead of '" + ErrorMessage + "'" : null;
    }

    /// <summary>Creates what the recorded test had created before the failing call.</summary>
    public async Task ArrangeAsync(IStepFunctions sfn)
    {
        if (ErrorCode is "StateMachineDoesNotExist" or "ActivityDoesNotExist" or "ExecutionDoesNotExist")
        {
            return;
        }

        if (Action == "CreateStateMachine" && ErrorCode == "StateMachineAlreadyExists")
        {
            await CreateMachineAsync(sfn, Request["name"]!.GetValue<string>(), OtherDefinition);
            return;
        }

        var arns = new[] { "stateMachineArn", "resourceArn", "stateMachineVersionArn", "executionArn" }
            .Select(m => Request[m]?.GetValueKind() == JsonValueKind.String ? Request[m]!.GetValue<string>() : null)
            .Concat((Request["routingConfiguration"] as JsonArray ?? []).Select(r => r?["stateMachineVersionArn"]?.GetValue<string>()))
            .OfType<string>();
        foreach (var text in arns)
        {
            if (!StepFunctionsArn.TryParse(text, out var arn, out _) || arn.ResourceType == StepFunctionsResourceType.Activity)
            {
                continue;
            }

            if ((await sfn.ListStateMachinesAsync(new ListStateMachinesRequest())).StateMachines.Any(m => m.Name == arn.Name))
            {
                continue;
            }

            // The recorded express tests created EXPRESS machines; the others STANDARD ones with three versions.
            var type = arn.Name.StartsWith("express", StringComparison.Ordinal) ? StateMachineType.Express : StateMachineType.Standard;
            var machine = await CreateMachineAsync(sfn, arn.Name, PassDefinition, type, publish: true);
            await PublishAsync(sfn, machine, OtherDefinition);
            await PublishAsync(sfn, machine, PassDefinition.Replace("\"A\"", "\"C\"", StringComparison.Ordinal));
            if (Action == "CreateStateMachineAlias" && ErrorCode == "ConflictException")
            {
                await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
                {
                    Name = Request["name"]!.GetValue<string>(),
                    Description = "create state machine alias description",
                    RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
                });
            }

            if (Action == "DeleteStateMachineVersion" && ErrorCode == "ConflictException")
            {
                await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
                {
                    Name = "state_machine_alias_name",
                    RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = text, Weight = 100 }],
                });
            }
        }
    }

    private static RecordedApiError Parse(string id, JsonObject testCase)
    {
        var action = string.Concat(testCase["api"]!.GetValue<string>().Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var (code, message) = Expected(testCase["expected_response"]!);
        var request = testCase["request"]!.AsObject().DeepClone().AsObject();
        foreach (var member in StringMembers)
        {
            if (request[member] is JsonNode node && node.GetValueKind() != JsonValueKind.String && node.GetValueKind() != JsonValueKind.Null)
            {
                request[member] = node.ToJsonString();
            }
        }

        // "Error=ValueError Args=..." is LocalStack's own message where AWS's was not recorded: only the code counts.
        var verifiable = !testCase["unverified_paths"]!.AsArray().Select(p => p!.GetValue<string>()).Any(p => p is "$..message" or "$..Error.Message" or "$..exception_value")
            && message?.StartsWith("Error=", StringComparison.Ordinal) != true;
        return new RecordedApiError(id, action, request, code, message, verifiable);
    }

    private static (string Code, string? Message) Expected(JsonNode expected)
    {
        if (expected is JsonObject obj)
        {
            return (obj["Error"]!["Code"]!.GetValue<string>(), obj["Error"]!["Message"]?.GetValue<string>());
        }

        var text = expected.GetValue<string>();
        var match = Regex.Match(text, @"^An error occurred \((\w+)\) when calling the \w+ operation: (.*)$", RegexOptions.Singleline);
        if (match.Success)
        {
            return (match.Groups[1].Value, match.Groups[2].Value);
        }

        // botocore refused the request before sending it; the service's answer is a ValidationException.
        return ("ValidationException", null);
    }

    private static async Task<string> CreateMachineAsync(IStepFunctions sfn, string name, string definition, StateMachineType? type = null, bool publish = false) =>
        (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = name, Definition = definition, RoleArn = RoleArn, Type = type, Publish = publish })).StateMachineArn;

    private static async Task PublishAsync(IStepFunctions sfn, string machineArn, string definition)
    {
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machineArn, Definition = definition });
        await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = machineArn });
    }
}
