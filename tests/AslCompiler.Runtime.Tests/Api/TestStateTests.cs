using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class TestStateTests
{
    private static Task<TestStateResponse> TestAsync(string definition, string input = "{}", MockInput? mock = null, string? stateName = null, InspectionLevel? level = null) =>
        ExecutionFixture.Create().TestStateAsync(new TestStateRequest { Definition = definition, Input = input, Mock = mock, StateName = stateName, InspectionLevel = level });

    [Fact]
    public async Task A_pass_state_reports_its_output_and_next_state()
    {
        var response = await TestAsync("""{"Type":"Pass","Result":{"v":1},"ResultPath":"$.r","Next":"After"}""", """{"a":true}""");
        Assert.Equal(TestExecutionStatus.Succeeded, response.Status);
        Assert.Equal("""{"a":true,"r":{"v":1}}""", response.Output);
        Assert.Equal("After", response.NextState);
        Assert.Null(response.InspectionData);
    }

    [Fact]
    public async Task A_choice_state_reports_the_branch_taken()
    {
        const string Choice = """{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":5,"Next":"Big"}],"Default":"Small"}""";
        Assert.Equal("Big", (await TestAsync(Choice, """{"n":9}""")).NextState);
        Assert.Equal("Small", (await TestAsync(Choice, """{"n":1}""")).NextState);
    }

    [Fact]
    public async Task A_wait_state_does_not_wait()
    {
        var response = await TestAsync("""{"Type":"Wait","Seconds":86400,"OutputPath":"$.x","End":true}""", """{"x":3}""");
        Assert.Equal(TestExecutionStatus.Succeeded, response.Status);
        Assert.Equal("3", response.Output);
        Assert.Null(response.NextState);
    }

    [Fact]
    public async Task A_fail_state_fails_with_its_error_and_cause()
    {
        var response = await TestAsync("""{"Type":"Fail","Error":"E","Cause":"C"}""");
        Assert.Equal(TestExecutionStatus.Failed, response.Status);
        Assert.Equal("E", response.Error);
        Assert.Equal("C", response.Cause);
    }

    [Fact]
    public async Task A_task_returns_the_mocked_result_through_its_data_flow()
    {
        var response = await TestAsync(
            """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultSelector":{"p.$":"$.Payload"},"End":true}""",
            mock: new MockInput { Result = """{"Payload":42}""" });
        Assert.Equal(TestExecutionStatus.Succeeded, response.Status);
        Assert.Equal("""{"p":42}""", response.Output);
    }

    [Fact]
    public async Task A_mocked_error_is_retriable_caught_or_failed()
    {
        var mock = new MockInput { ErrorOutput = new MockErrorOutput { Error = "Boom", Cause = "mocked" } };
        const string Resource = "\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\"";
        var retriable = await TestAsync("{" + Resource + ",\"Retry\":[{\"ErrorEquals\":[\"Boom\"]}],\"End\":true}", mock: mock);
        Assert.Equal(TestExecutionStatus.Retriable, retriable.Status);
        Assert.Equal("Boom", retriable.Error);

        var caught = await TestAsync("{" + Resource + ",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.err\",\"Next\":\"Handler\"}],\"End\":true}", mock: mock);
        Assert.Equal(TestExecutionStatus.CaughtError, caught.Status);
        Assert.Equal("Handler", caught.NextState);
        Assert.Equal("Boom", caught.Error);
        Assert.Equal("""{"err":{"Error":"Boom","Cause":"mocked"}}""", caught.Output);

        var failed = await TestAsync("{" + Resource + ",\"End\":true}", mock: mock);
        Assert.Equal(TestExecutionStatus.Failed, failed.Status);
        Assert.Equal("mocked", failed.Cause);
    }

    [Fact]
    public async Task State_name_selects_a_state_of_a_whole_machine()
    {
        var response = await TestAsync(
            """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Result":"b","Next":"C"},"C":{"Type":"Succeed"}}}""",
            stateName: "B");
        Assert.Equal("\"b\"", response.Output);
        Assert.Equal("C", response.NextState);
    }

    [Fact]
    public async Task Debug_level_reports_the_input()
    {
        var response = await TestAsync("""{"Type":"Pass","End":true}""", """{"q":1}""", level: InspectionLevel.Debug);
        Assert.Equal("""{"q":1}""", response.InspectionData!.Input);
    }

    [Fact]
    public async Task Documented_errors()
    {
        await Assert.ThrowsAsync<InvalidDefinitionException>(() => TestAsync("[1]"));
        await Assert.ThrowsAsync<InvalidExecutionInputException>(() => TestAsync("""{"Type":"Pass","End":true}""", "{"));
        var mock = await Assert.ThrowsAsync<ValidationException>(() => TestAsync("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}""", mock: new MockInput { Result = "not json" }));
        Assert.Equal("Mocked result must be valid JSON", mock.Message);
        await Assert.ThrowsAsync<ValidationException>(() => TestAsync("""{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}""", stateName: "Missing"));
        await Assert.ThrowsAsync<InvalidDefinitionException>(() => TestAsync("""{"Type":"Parallel","Branches":[],"End":true}"""));
        await Assert.ThrowsAsync<ValidationException>(() => ExecutionFixture.Create().TestStateAsync(new TestStateRequest { Definition = """{"Type":"Pass","End":true}""", Variables = "[1]" }));
    }
}
