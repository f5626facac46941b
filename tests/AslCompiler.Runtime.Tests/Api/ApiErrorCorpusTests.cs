using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;
using Xunit.Abstractions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Replays ../shared/corpus/localstack/api_error_cases (errors recorded on AWS): each request runs against a fresh
/// LocalStepFunctions arranged as the recorded test arranged AWS, and must fail with the recorded error code and,
/// where the recording is verifiable, the recorded message. Cases listed in ApiErrorCorpusSkipList.txt cannot pass
/// yet (reason per entry); the pass count must not drop below the floor.
/// </summary>
public sealed class ApiErrorCorpusTests(ITestOutputHelper output)
{
    private const int PassFloor = 206;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = false,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly string[] StringMembers = ["definition", "input", "output", "variables", "context"];

    private static readonly string[] LocalStackLabels = ["'invalid_execution_arn'", "'sm_nonexistent_arn'", "'ssm_nonexistent_arn'", "'activity_arn'"];

    [Fact]
    public async Task Recorded_AWS_errors_replay()
    {
        var skip = CorpusLocator.ReadSkipList(Path.Combine("Api", "ApiErrorCorpusSkipList.txt"));
        var passed = 0;
        var failures = new List<string>();
        var nowPassing = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(CorpusLocator.Root, "localstack", "api_error_cases"), "*.json").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var outcome = await ReplayAsync(JsonNode.Parse(File.ReadAllText(file))!.AsObject());
            if (outcome is null)
            {
                passed++;
                if (skip.Contains(id))
                {
                    nowPassing.Add(id); // a case that passes must leave the skip list
                }
            }
            else if (!skip.Contains(id))
            {
                failures.Add(id + ": " + outcome);
            }
            else
            {
                output.WriteLine("skipped " + id + ": " + outcome);
            }
        }

        output.WriteLine($"passed {passed}, skipped {skip.Count}");
        Assert.True(nowPassing.Count == 0, "now passing, remove from the skip list:\n" + string.Join("\n", nowPassing));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(passed >= PassFloor, $"only {passed} recorded errors replayed");
    }

    /// <summary>Null when the recorded error is reproduced, else what differed.</summary>
    private static async Task<string?> ReplayAsync(JsonObject testCase)
    {
        var action = string.Concat(testCase["api"]!.GetValue<string>().Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var method = typeof(IStepFunctions).GetMethod(action + "Async");
        if (method is null)
        {
            return "no action " + action;
        }

        var (code, message) = Expected(testCase["expected_response"]!);
        var request = testCase["request"]!.AsObject().DeepClone().AsObject();
        foreach (var member in StringMembers)
        {
            if (request[member] is JsonNode node && node.GetValueKind() != JsonValueKind.String && node.GetValueKind() != JsonValueKind.Null)
            {
                request[member] = node.ToJsonString();
            }
        }

        var sfn = ApiFixture.Create();
        await ArrangeAsync(sfn, action, code, request);
        object requestObject;
        try
        {
            requestObject = request.Deserialize(method.GetParameters()[0].ParameterType, Json)!;
        }
        catch (JsonException e)
        {
            return "request not representable in the typed API: " + e.Message;
        }

        try
        {
            await InvokeAsync(method, sfn, requestObject);
            return "no error";
        }
        catch (StepFunctionsException e)
        {
            if (e.ErrorCode != code)
            {
                return $"{e.ErrorCode} instead of {code}: {e.Message}";
            }

            // "Error=ValueError Args=..." is LocalStack's own message where AWS's was not recorded: only the code counts.
            var verifiable = !testCase["unverified_paths"]!.AsArray().Select(p => p!.GetValue<string>()).Any(p => p is "$..message" or "$..Error.Message" or "$..exception_value")
                && message?.StartsWith("Error=", StringComparison.Ordinal) != true;
            if (message is not null && verifiable && !Matches(message, e.Message))
            {
                return $"message '{e.Message}' instead of '{message}'";
            }

            return null;
        }
        catch (NotSupportedException e)
        {
            return "needs the execution engine: " + e.Message;
        }
    }

    private static async Task InvokeAsync(MethodInfo method, LocalStepFunctions sfn, object request)
    {
        Task task;
        try
        {
            task = (Task)method.Invoke(sfn, [request, CancellationToken.None])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        await task;
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

    /// <summary>Snapshot placeholders (&lt;partition&gt;, &lt;uuid:2&gt;, ...) and LocalStack's labels stand for any text.</summary>
    private static bool Matches(string expected, string actual)
    {
        var pattern = Regex.Escape(expected);
        pattern = Regex.Replace(pattern, @"<[^<>]*>", ".*?");
        foreach (var label in LocalStackLabels)
        {
            pattern = pattern.Replace(Regex.Escape(label), "'.*?'", StringComparison.Ordinal);
        }

        return Regex.IsMatch(actual, "^" + pattern + "$", RegexOptions.Singleline);
    }

    /// <summary>Creates what the recorded test had created before the failing call.</summary>
    private static async Task ArrangeAsync(LocalStepFunctions sfn, string action, string code, JsonObject request)
    {
        if (code is "StateMachineDoesNotExist" or "ActivityDoesNotExist" or "ExecutionDoesNotExist")
        {
            return;
        }

        if (action == "CreateStateMachine" && code == "StateMachineAlreadyExists")
        {
            await sfn.CreateMachineAsync(request["name"]!.GetValue<string>(), ApiFixture.OtherDefinition);
            return;
        }

        var arns = new[] { "stateMachineArn", "resourceArn", "stateMachineVersionArn", "executionArn" }
            .Select(m => request[m]?.GetValueKind() == JsonValueKind.String ? request[m]!.GetValue<string>() : null)
            .Concat((request["routingConfiguration"] as JsonArray ?? []).Select(r => r?["stateMachineVersionArn"]?.GetValue<string>()))
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
            var machine = await sfn.CreateMachineAsync(arn.Name, type: type, publish: true);
            await sfn.PublishAsync(machine, ApiFixture.OtherDefinition);
            await sfn.PublishAsync(machine, ApiFixture.PassDefinition.Replace("\"A\"", "\"C\"", StringComparison.Ordinal));
            if (action == "CreateStateMachineAlias" && code == "ConflictException")
            {
                await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
                {
                    Name = request["name"]!.GetValue<string>(),
                    Description = "create state machine alias description",
                    RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
                });
            }

            if (action == "DeleteStateMachineVersion" && code == "ConflictException")
            {
                await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
                {
                    Name = "state_machine_alias_name",
                    RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = text, Weight = 100 }],
                });
            }
        }
    }
}
