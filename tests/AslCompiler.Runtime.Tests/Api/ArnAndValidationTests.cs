using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class StepFunctionsArnTests
{
    private static readonly StepFunctionsArnFormatter Arns = new("aws-cn", "cn-north-1", "999999999999");

    [Fact]
    public void Formatter_uses_partition_region_and_account()
    {
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:stateMachine:M", Arns.StateMachine("M"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:stateMachine:M:12", Arns.StateMachineVersion("M", 12));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:stateMachine:M:PROD", Arns.StateMachineAlias("M", "PROD"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:execution:M:e", Arns.Execution("M", "e"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:express:M:e:id", Arns.ExpressExecution("M", "e", "id"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:activity:A", Arns.Activity("A"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:mapRun:M/Label:id", Arns.MapRun("M", "Label", "id"));
        Assert.Equal("arn:aws-cn:states:cn-north-1:999999999999:execution:M/Label:id", Arns.MapRunExecution("M", "Label", "id"));
    }

    [Theory]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:M", StepFunctionsResourceType.StateMachine)]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:M:1", StepFunctionsResourceType.StateMachineVersion)]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:M:PROD", StepFunctionsResourceType.StateMachineAlias)]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:M:01", StepFunctionsResourceType.StateMachineAlias)]
    [InlineData("arn:aws:states:us-east-1:1:execution:M:e", StepFunctionsResourceType.Execution)]
    [InlineData("arn:aws:states:us-east-1:1:execution:M/L:e", StepFunctionsResourceType.Execution)]
    [InlineData("arn:aws:states:us-east-1:1:express:M:e:id", StepFunctionsResourceType.ExpressExecution)]
    [InlineData("arn:aws:states:us-east-1:1:activity:A", StepFunctionsResourceType.Activity)]
    [InlineData("arn:aws:states:us-east-1:1:mapRun:M/L:id", StepFunctionsResourceType.MapRun)]
    public void Parse_round_trips(string text, StepFunctionsResourceType type)
    {
        var arn = StepFunctionsArn.Parse(text);
        Assert.Equal(type, arn.ResourceType);
        Assert.Equal(text, arn.ToString());
    }

    [Fact]
    public void Parsed_parts_are_exposed()
    {
        var run = StepFunctionsArn.Parse("arn:aws:states:us-east-1:123:mapRun:Machine/Label:abc");
        Assert.Equal(("Machine", "Label", "abc"), (run.Name, run.MapLabel, run.ExecutionName));
        Assert.Equal("arn:aws:states:us-east-1:123:stateMachine:Machine", run.StateMachineArn);
        Assert.Equal(7, StepFunctionsArn.Parse("arn:aws:states:us-east-1:123:stateMachine:M:7").Version);
    }

    [Theory]
    [InlineData("not_a_valid_arn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'")]
    [InlineData("", "Invalid Arn: 'Invalid ARN prefix: '")]
    [InlineData("arn:aws:lambda:us-east-1:1:function:f", "Invalid Arn: 'Invalid ARN prefix: arn:aws:lambda:us-east-1:1:function:f'")]
    [InlineData("arn:aws:states:us-east-1:1:foo:M", "Invalid Arn: 'Resource type not valid in this context: foo'")]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:", "Invalid Arn: 'Invalid ARN: arn:aws:states:us-east-1:1:stateMachine:'")]
    [InlineData("arn:aws:states:us-east-1:1:stateMachine:M:1:2", "Invalid Arn: 'Invalid ARN: arn:aws:states:us-east-1:1:stateMachine:M:1:2'")]
    public void Invalid_arns_are_worded_like_AWS(string text, string message)
    {
        var error = Assert.Throws<InvalidArnException>(() => StepFunctionsArn.Parse(text));
        Assert.Equal(message, error.Message);
        Assert.Equal("InvalidArn", error.ErrorCode);
    }

    [Fact]
    public async Task Express_execution_arns_are_refused_where_AWS_refuses_them()
    {
        var sfn = ApiFixture.Create();
        var express = sfn.Arns.ExpressExecution("M", "e", "id");
        var error = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = express }));
        Assert.Equal("Invalid Arn: 'Resource type not valid in this context: express'", error.Message);
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = express }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = express }));
    }
}

public sealed class ArnPartsTests
{
    [Theory]
    [InlineData("aws", "us-east-1", "x", "accountId", "The account id 'x' is not a twelve-digit account id.")]
    [InlineData("aws", "us-east-1", "1234567890123", "accountId", "The account id '1234567890123' is not a twelve-digit account id.")]
    [InlineData("aws", "a:b", "123456789012", "region", "The region 'a:b' is not a region name (lowercase letters, digits and hyphens, not first or last, like us-east-1).")]
    [InlineData("aws", "US-EAST-1", "123456789012", "region", "The region 'US-EAST-1' is not a region name (lowercase letters, digits and hyphens, not first or last, like us-east-1).")]
    [InlineData("a/b", "us-east-1", "123456789012", "partition", "The partition 'a/b' is not a partition name (lowercase letters, digits and hyphens, like aws).")]
    [InlineData("aws", "-us-east-1", "123456789012", "region", "The region '-us-east-1' is not a region name (lowercase letters, digits and hyphens, not first or last, like us-east-1).")]
    public void An_engine_with_parts_no_ARN_can_hold_is_refused_at_once(string partition, string region, string account, string parameter, string message)
    {
        // They used to give malformed ARNs (arn:aws:states:a:b:...), refused later as not ARNs, naming neither.
        var e = Assert.Throws<ArgumentException>(() => new LocalStepFunctions(new StepFunctionsOptions { Partition = partition, Region = region, AccountId = account }));
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws", "us-east-1")]
    [InlineData("aws-cn", "cn-north-1")]
    [InlineData("aws-us-gov", "us-gov-west-1")]
    [InlineData("aws", "local")]
    public void Real_partitions_and_regions_are_taken(string partition, string region) =>
        Assert.Equal(region, new LocalStepFunctions(new StepFunctionsOptions { Partition = partition, Region = region, AccountId = "000000000000" }).Arns.Region);
}

public sealed class RequestConstraintTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    [InlineData(-1, false)]
    public async Task MaxResults_range_is_0_to_1000(int maxResults, bool ok)
    {
        var sfn = ApiFixture.Create();
        var call = () => sfn.ListStateMachinesAsync(new ListStateMachinesRequest { MaxResults = maxResults });
        if (ok)
        {
            await call();
        }
        else
        {
            var error = await Assert.ThrowsAsync<ValidationException>(call);
            Assert.Contains($"Value '{maxResults}' at 'maxResults' failed to satisfy constraint", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NextToken_length_is_checked_per_action()
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = new string('x', 1025) }));
        Assert.Equal($"1 validation error detected: Value '{new string('x', 1025)}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024", error.Message);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = "" }));
        var executions = await Assert.ThrowsAsync<ValidationException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = sfn.Arns.StateMachine("M"), NextToken = new string('x', 3097) }));
        Assert.EndsWith("Member must have length less than or equal to 3096", executions.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = sfn.Arns.StateMachine("M"), NextToken = new string('x', 3096) }));
    }

    [Fact]
    public async Task Several_violations_are_reported_together()
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = null!, Definition = null!, RoleArn = "" }));
        Assert.StartsWith("3 validation errors detected: Value null at 'definition' failed to satisfy constraint: Member must not be null; ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undeclared_enum_values_are_refused()
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn, Type = (StateMachineType)7,
        }));
        Assert.EndsWith("at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public async Task Validate_definition_maxResults_is_0_to_100(int maxResults, bool ok)
    {
        var sfn = ApiFixture.Create();
        var call = () => sfn.ValidateStateMachineDefinitionAsync(new ValidateStateMachineDefinitionRequest { Definition = ApiFixture.PassDefinition, MaxResults = maxResults });
        if (ok)
        {
            await call();
        }
        else
        {
            await Assert.ThrowsAsync<ValidationException>(call);
        }
    }

    [Fact]
    public void Wire_names_round_trip()
    {
        Assert.Equal("TIMED_OUT", WireName.Of(ExecutionStatus.TimedOut));
        Assert.Equal("CUSTOMER_MANAGED_KMS_KEY", WireName.Of(EncryptionType.CustomerManagedKmsKey));
        Assert.True(WireName.TryParse<HistoryEventType>("MapRunStarted", out var type));
        Assert.Equal(HistoryEventType.MapRunStarted, type);
        Assert.False(WireName.TryParse<ExecutionStatus>("succeeded", out _));
        Assert.Equal(6, WireName.All<ExecutionStatus>().Count);
    }
}

public sealed class ExecutionActionTests
{
    [Theory]
    [InlineData("not-an-arn")]
    [InlineData("arn:aws:iam::123456789012")]
    [InlineData("arn::iam::123456789012:role/r")]
    [InlineData("arn:aws:iam::123456789012:")]
    public async Task A_role_ARN_that_is_not_an_ARN_is_InvalidArn(string roleArn)
    {
        var sfn = ApiFixture.Create();
        const string definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";
        var expected = "Invalid Arn: 'Invalid ARN prefix: " + roleArn + "'";
        var create = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = definition, RoleArn = roleArn }));
        Assert.Equal(expected, create.Message);
        var arn = await sfn.CreateMachineAsync("M");
        var update = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, RoleArn = roleArn }));
        Assert.Equal(expected, update.Message);
        var test = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.TestStateAsync(new TestStateRequest { Definition = """{"Type":"Pass","End":true}""", RoleArn = roleArn }));
        Assert.Equal(expected, test.Message);
    }

    [Fact]
    public async Task Valid_execution_requests_reach_the_kernel_engine()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Input = "{}", Name = "e1" });
        Assert.Equal(sfn.Arns.Execution("M", "e1"), started.ExecutionArn);
    }

    [Theory]
    [InlineData("", "Invalid State Machine Execution Input: 'Invalid execution input.'")]
    [InlineData(" \n", "Invalid State Machine Execution Input: 'Invalid execution input.'")]
    // Recorded on AWS (../shared/corpus/localstack/api_error_cases: start_exec_not_json_inp, start_exec_str_inp).
    [InlineData("{'not': 'json'", "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'")]
    [InlineData("not some json", "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'")]
    [InlineData("{\"a\":[1,}", "Invalid State Machine Execution Input: 'Unexpected character ('}' (code 125)): expected a value'")]
    public async Task Invalid_input_is_InvalidExecutionInput_worded_as_AWS_words_it(string input, string message)
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var error = await Assert.ThrowsAsync<InvalidExecutionInputException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Input = input }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task TestStates_variables_that_are_not_JSON_are_worded_as_bad_input_is()
    {
        // A user trial found .NET's reader's message ("'b' is an invalid start of a property name...") here.
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<InvalidExecutionInputException>(() => sfn.TestStateAsync(new TestStateRequest { Definition = """{"Type":"Pass","End":true}""", Variables = "{bad" }));
        Assert.Equal("Invalid variables: 'Unexpected character ('b' (code 98)): was expecting double-quote to start field name'", error.Message);
    }

    [Fact]
    public async Task Input_and_task_output_lengths_are_UTF8_bytes_as_the_reference_says()
    {
        // 131,071 'é' in quotes: 131,073 characters and 262,144 bytes, at the limit; one more is 262,146 bytes, past it,
        // though only 131,074 characters.
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var atLimit = "\"" + new string('é', 131_071) + "\"";
        var pastLimit = "\"" + new string('é', 131_072) + "\"";
        await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Input = atLimit });

        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Input = pastLimit }));
        Assert.EndsWith("at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ValidationException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = "token", Output = pastLimit }));
        Assert.EndsWith("at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_checks_name_and_state_machine()
    {
        var sfn = ApiFixture.Create();
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = sfn.Arns.StateMachine("none") }));
        var arn = await sfn.CreateMachineAsync("M");
        await Assert.ThrowsAsync<InvalidNameException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Name = "a b" }));
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn + ":1" }));
    }

    [Fact]
    public async Task Sync_start_and_list_executions_check_the_type()
    {
        var sfn = ApiFixture.Create();
        var standard = await sfn.CreateMachineAsync("S");
        var express = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        var sync = await Assert.ThrowsAsync<StateMachineTypeNotSupportedException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = standard }));
        Assert.Equal("This operation is not supported by this type of state machine", sync.Message);
        await Assert.ThrowsAsync<StateMachineTypeNotSupportedException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = express }));
        Assert.Equal(SyncExecutionStatus.Succeeded, (await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express })).Status);
    }

    [Fact]
    public async Task Activity_and_task_requests_are_validated()
    {
        var sfn = ApiFixture.Create();
        await Assert.ThrowsAsync<ActivityDoesNotExistException>(() => sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = sfn.Arns.Activity("none") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = "no_an_activity_arn" }));
        var output = await Assert.ThrowsAsync<InvalidOutputException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = "t", Output = "{bad" }));
        Assert.Equal("Invalid Output: 'Unexpected character ('b' (code 98)): was expecting double-quote to start field name'", output.Message);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = new string('t', 2049) }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = "t", Error = new string('e', 257) }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = sfn.Arns.Execution("M", "e"), ClientToken = "has space" }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = sfn.Arns.MapRun("M", "L", "id"), ToleratedFailurePercentage = 100.5f }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = sfn.Arns.MapRun("M", "L", "id") }));
        await Assert.ThrowsAsync<InvalidDefinitionException>(() => sfn.TestStateAsync(new TestStateRequest { Definition = "[1]" }));
    }
}

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_creates_describes_and_deletes_lose_nothing()
    {
        var sfn = ApiFixture.Create();
        const int Count = 400;
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var arn = await sfn.CreateMachineAsync("M" + i, publish: true);
            await sfn.CreateMachineAsync("M" + i, publish: true); // idempotent repeat under contention
            var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn }, ct);
            Assert.Equal("M" + i, described.Name);
            await sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "i", Value = i.ToString() }] }, ct);
            if (i % 2 == 0)
            {
                await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = arn }, ct);
            }
        });

        var all = new List<StateMachineListItem>();
        string? token = null;
        do
        {
            var page = await sfn.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = token, MaxResults = 37 });
            all.AddRange(page.StateMachines);
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, Count).Where(i => i % 2 == 1).Select(i => "M" + i).Order(), all.Select(m => m.Name).Order());
    }

    [Fact]
    public async Task Parallel_publishes_get_distinct_monotonic_versions()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var versions = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var definition = "{\"StartAt\":\"S" + i + "\",\"States\":{\"S" + i + "\":{\"Type\":\"Succeed\"}}}";
            return (await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = definition, Publish = true })).StateMachineVersionArn!;
        })));
        Assert.Equal(50, versions.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 50).Select(n => arn + ":" + n).Order(), versions.Order());
    }
}
