using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AslCompiler.Cli.Commands;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// <c>asl serve --mock FILE [--test-case NAME]</c>: as on Step Functions Local, an execution started on
/// <c>ARN#TestCase</c> runs with that test case; <c>--test-case</c> is the one of executions started without it.
/// </summary>
public sealed class ServeMockTests() : StoreDirectory("asl-cli-serve-mock-")
{
    private const string Charge = """{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:charge","End":true}}}""";

    private const string Mocks = """
        {"StateMachines":{"Other":{"TestCases":{"Declined":{"Charge":"Charged"}}},"Orders":{"TestCases":{"Happy":{"Charge":"Charged"},"Declined":{"Charge":"Declined"}}}},
         "MockedResponses":{"Charged":{"0":{"Return":{"charged":true}}},"Declined":{"0":{"Throw":{"Cause":"no funds"}}}}}
        """;

    [Fact]
    public void Each_execution_over_the_wire_runs_the_test_case_its_ARN_names()
    {
        var (exit, results, error) = Serve(null, http =>
        {
            var machine = CreateExpressMachine(http);
            return
            [
                Call(http, "StartSyncExecution", new { stateMachineArn = machine + "#Happy" }),
                Call(http, "StartSyncExecution", new { stateMachineArn = machine + "#Declined" }),
                Call(http, "StartSyncExecution", new { stateMachineArn = machine + "#Nope" }),
                Call(http, "StartSyncExecution", new { stateMachineArn = machine }),
            ];
        });
        Assert.True(exit == 0, error);

        var happy = results[0].RootElement;
        Assert.Equal(("SUCCEEDED", """{"charged":true}"""), (happy.GetProperty("status").GetString(), happy.GetProperty("output").GetString()));
        Assert.EndsWith(":stateMachine:Orders", happy.GetProperty("stateMachineArn").GetString(), StringComparison.Ordinal);
        var declined = results[1].RootElement;
        Assert.Equal(("FAILED", "States.TaskFailed", "no funds"), (declined.GetProperty("status").GetString(), declined.GetProperty("error").GetString(), declined.GetProperty("cause").GetString()));
        var nope = results[2].RootElement;
        Assert.Equal("ValidationException", nope.GetProperty("__type").GetString());
        Assert.Contains("The test case 'Nope' was not found for the state machine 'Orders' (its test cases: 'Happy', 'Declined').", nope.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Without '#' and without --test-case: no mock, and no handler for the function.
        var plain = results[3].RootElement;
        Assert.Equal(("FAILED", "States.TaskFailed"), (plain.GetProperty("status").GetString(), plain.GetProperty("error").GetString()));

        // Every test case is read at start: the Throw without an Error is said once, though one test case uses it.
        Assert.Equal(
            ["asl: warning: " + MockFile() + ": MockedResponses/Declined/0/Throw has no Error (Step Functions Local's format requires one): the task fails with States.TaskFailed, or with no error name when it waits for a callback (.waitForTaskToken)."],
            error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_test_case_option_is_the_one_of_executions_started_without_one()
    {
        var (exit, results, error) = Serve("Declined", http =>
        {
            var machine = CreateExpressMachine(http);
            return [Call(http, "StartSyncExecution", new { stateMachineArn = machine }), Call(http, "StartSyncExecution", new { stateMachineArn = machine + "#Happy" })];
        });
        Assert.True(exit == 0, error);
        Assert.Equal("no funds", results[0].RootElement.GetProperty("cause").GetString()); // Orders' own Declined, not the first machine's
        Assert.Equal("SUCCEEDED", results[1].RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null, "Other", "asl: --test-case needs --mock (the mock configuration file that holds the test case).")]
    [InlineData("""{"StateMachines":{"A":{"TestCases":{"Fine":{}}},"B":{"TestCases":{"Broken":{"T":"Missing"}}}},"MockedResponses":{}}""", null, "asl: MOCK: MockedResponses/Missing is not defined.")]
    [InlineData("""{"StateMachines":{"A":{"TestCases":{"Fine":{}}}}}""", "Absent", "asl: MOCK: The test case 'Absent' was not found.")]
    public void A_configuration_with_any_test_case_wrong_is_refused_before_the_server_listens(string? mocks, string? testCase, string message)
    {
        var file = MockFile();
        if (mocks is not null)
        {
            File.WriteAllText(file, mocks);
        }

        var error = ServeRunner.Refused(new ServeCommand.ServeArguments(0, "127.0.0.1", null, null, mocks is null ? null : file, testCase, null, 1, "None", "simple"));
        Assert.Equal(message.Replace("MOCK", file, StringComparison.Ordinal) + Environment.NewLine, error);
    }

    private string MockFile() => Path.Combine(Dir, "mocks.json");

    private (int Exit, JsonDocument[] Results, string Error) Serve(string? testCase, Func<HttpClient, JsonDocument[]> calls)
    {
        File.WriteAllText(MockFile(), Mocks);
        JsonDocument[] results = [];
        var (exit, error) = ServeRunner.Serve(
            new ServeCommand.ServeArguments(0, "127.0.0.1", null, null, MockFile(), testCase, null, 1, "None", "simple"),
            (_, url) =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                results = calls(http);
            });
        return (exit, results, error);
    }

    private static string CreateExpressMachine(HttpClient http) =>
        Call(http, "CreateStateMachine", new { name = "Orders", definition = Charge, roleArn = "arn:aws:iam::123456789012:role/R", type = "EXPRESS" })
            .RootElement.GetProperty("stateMachineArn").GetString()!;

    private static JsonDocument Call(HttpClient http, string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions." + action);
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = http.Send(request);
        return JsonDocument.Parse(response.Content.ReadAsStream());
    }
}
