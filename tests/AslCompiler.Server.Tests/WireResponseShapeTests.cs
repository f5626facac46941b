using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AslCompiler.Server.Tests;

/// <summary>
/// Successful answers as the API reference shapes them: only member names of the action's response syntax, no
/// <c>null</c> members (absent instead), timestamps as epoch seconds (JSON numbers, at most millisecond precision), and
/// <c>{}</c> for the actions that return nothing.
/// </summary>
public sealed class WireResponseShapeTests(WireFixture fixture) : IClassFixture<WireFixture>
{
    private static readonly HashSet<string> Timestamps = new(StringComparer.Ordinal) { "creationDate", "startDate", "stopDate", "updateDate", "redriveDate", "timestamp" };

    // Members whose keys are data (state names), not member names.
    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal) { "variableReferences" };

    [Fact]
    public async Task Answers_use_the_member_names_of_the_reference_and_no_nulls()
    {
        var server = fixture.Server;
        const string Wait = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}""";
        const string Fail = """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}""";
        var waiting = await server.CreateStateMachineAsync("ShapeWait", Wait);
        var running = (await server.CallAsync("StartExecution", new { stateMachineArn = waiting }))["executionArn"]!.GetValue<string>();
        var failing = await server.CreateStateMachineAsync("ShapeFail", Fail);
        var failed = (await server.CallAsync("StartExecution", new { stateMachineArn = failing }))["executionArn"]!.GetValue<string>();
        await server.WaitForExecutionAsync(failed);
        await server.CallAsync("TagResource", new { resourceArn = fixture.StateMachineArn, tags = new[] { new { key = "team", value = "a" } } });
        var temporary = (await server.CallAsync("CreateStateMachineAlias", new { name = "temporary", routingConfiguration = new[] { new { stateMachineVersionArn = fixture.VersionArn, weight = 100 } } }))["stateMachineAliasArn"]!.GetValue<string>();

        var calls = new (string Action, object Body)[]
        {
            ("CreateStateMachine", new { name = "Shape", definition = ServerHarness.PassDefinition, roleArn = ServerHarness.RoleArn, publish = true }),
            ("DescribeStateMachine", new { stateMachineArn = fixture.StateMachineArn }),
            ("DescribeStateMachine", new { stateMachineArn = fixture.VersionArn }),
            ("ListStateMachines", new { }),
            ("UpdateStateMachine", new { stateMachineArn = waiting, roleArn = ServerHarness.RoleArn, publish = true }),
            ("PublishStateMachineVersion", new { stateMachineArn = fixture.StateMachineArn, description = "v" }),
            ("ListStateMachineVersions", new { stateMachineArn = fixture.StateMachineArn }),
            ("DescribeStateMachineAlias", new { stateMachineAliasArn = fixture.AliasArn }),
            ("UpdateStateMachineAlias", new { stateMachineAliasArn = fixture.AliasArn, description = "d" }),
            ("ListStateMachineAliases", new { stateMachineArn = fixture.StateMachineArn }),
            ("CreateActivity", new { name = "ShapeActivity" }),
            ("DescribeActivity", new { activityArn = fixture.ActivityArn }),
            ("ListActivities", new { }),
            ("StartExecution", new { stateMachineArn = fixture.StateMachineArn, input = """{"a":1}""" }),
            ("DescribeExecution", new { executionArn = fixture.ExecutionArn }),
            ("DescribeExecution", new { executionArn = running }),
            ("DescribeExecution", new { executionArn = failed }),
            ("DescribeStateMachineForExecution", new { executionArn = fixture.ExecutionArn }),
            ("ListExecutions", new { stateMachineArn = fixture.StateMachineArn }),
            ("ListExecutions", new { mapRunArn = fixture.MapRunArn }),
            ("GetExecutionHistory", new { executionArn = fixture.ExecutionArn }),
            ("GetExecutionHistory", new { executionArn = fixture.MapExecutionArn, includeExecutionData = false }),
            ("GetExecutionHistory", new { executionArn = failed, reverseOrder = true }),
            ("ListMapRuns", new { executionArn = fixture.MapExecutionArn }),
            ("DescribeMapRun", new { mapRunArn = fixture.MapRunArn }),
            ("StartSyncExecution", new { stateMachineArn = fixture.ExpressArn, input = "{}" }),
            ("ListTagsForResource", new { resourceArn = fixture.StateMachineArn }),
            ("ValidateStateMachineDefinition", new { definition = """{"StartAt":"Nope","States":{}}""" }),
            ("ValidateStateMachineDefinition", new { definition = ServerHarness.PassDefinition }),
            ("TestState", new { definition = WireFixture.PassState, input = "{}", inspectionLevel = "DEBUG" }),
            ("RedriveExecution", new { executionArn = failed }),
            ("StopExecution", new { executionArn = running }),
            ("UntagResource", new { resourceArn = fixture.StateMachineArn, tagKeys = new[] { "team" } }),
            ("TagResource", new { resourceArn = fixture.StateMachineArn, tags = new[] { new { key = "team", value = "b" } } }),
            ("DeleteStateMachineAlias", new { stateMachineAliasArn = temporary }),
            ("DeleteActivity", new { activityArn = WireFixture.Account + "activity:Gone" }),
            ("DeleteStateMachine", new { stateMachineArn = WireFixture.Account + "stateMachine:Gone" }),
        };

        var problems = new List<string>();
        foreach (var (action, body) in calls)
        {
            var response = await server.SendAsync(action, body);
            var label = action + " " + JsonSerializer.Serialize(body);
            if (response.Status != HttpStatusCode.OK)
            {
                problems.Add(label + " answered " + (int)response.Status + " " + response.Body?.ToJsonString());
                continue;
            }

            Assert.Equal("application/x-amz-json-1.0", response.ContentType);
            Assert.True(response.Headers.Contains("x-amzn-RequestId"));
            var documented = ApiReference.Instance.Actions[action].ResponseMembers;
            var answer = response.Body!.AsObject();
            if (documented is null)
            {
                if (answer.Count != 0)
                {
                    problems.Add(label + ": the reference returns nothing, the server " + answer.ToJsonString());
                }

                continue;
            }

            Check(answer, documented, label, problems);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_response_is_the_same_bytes_an_SDK_reads_back()
    {
        // Epoch seconds keep milliseconds and nothing finer; integral counts stay integers.
        var described = await fixture.Server.CallAsync("DescribeMapRun", new { mapRunArn = fixture.MapRunArn });
        var start = described["startDate"]!.GetValue<decimal>();
        Assert.Equal(decimal.Round(start, 3), start);
        Assert.Equal(JsonValueKind.Number, described["maxConcurrency"]!.GetValueKind());
        Assert.Equal(2, described["itemCounts"]!["total"]!.GetValue<long>());
        Assert.DoesNotContain(".", described["itemCounts"]!["total"]!.ToJsonString(), StringComparison.Ordinal);
    }

    private static void Check(JsonNode? node, IReadOnlySet<string> documented, string path, List<string> problems)
    {
        switch (node)
        {
            case null:
                problems.Add(path + " is null (a member without a value is left out)");
                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var at = path + "." + name;
                    if (!documented.Contains(name))
                    {
                        problems.Add(at + " is not a member of the reference's response syntax");
                    }

                    if (Timestamps.Contains(name) && (value?.GetValueKind() != JsonValueKind.Number || decimal.Round(value.GetValue<decimal>(), 3) != value.GetValue<decimal>()))
                    {
                        problems.Add(at + " is " + value?.ToJsonString() + ", not epoch seconds with at most milliseconds");
                    }

                    if (Maps.Contains(name))
                    {
                        continue;
                    }

                    Check(value, documented, at, problems);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], documented, path + "[" + i + "]", problems);
                }

                break;
            default:
                break;
        }
    }
}
