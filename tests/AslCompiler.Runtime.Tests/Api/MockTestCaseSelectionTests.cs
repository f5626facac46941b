using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// StepFunctionsOptions.MockConfiguration: as on Step Functions Local, an execution started on <c>ARN#TestCase</c> runs
/// with that test case of the state machine's name, kept with the execution for its resumed and redriven runs.
/// </summary>
public sealed class MockTestCaseSelectionTests
{
    private const string Charge = """{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:charge","End":true}}}""";
    private const string WaitThenCharge = """{"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":60,"Next":"Charge"},"Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:charge","End":true}}}""";

    private const string Configuration = """
        {"StateMachines":{
           "Orders":{"TestCases":{"Happy":{"Charge":"Charged"},"Declined":{"Charge":"Declined"},"Flaky":{"Charge":"FailsOnce"}}},
           "Quick":{"TestCases":{"Happy":{"Charge":"ChargedQuickly"}}}},
         "MockedResponses":{
           "Charged":{"0":{"Return":{"charged":true}}},
           "ChargedQuickly":{"0":{"Return":{"charged":"quick"}}},
           "Declined":{"0":{"Throw":{"Error":"Card.Declined","Cause":"no funds"}}},
           "FailsOnce":{"0":{"Throw":{"Error":"Card.Down","Cause":"try later"}},"1":{"Return":{"charged":"late"}}}}}
        """;

    private readonly VirtualTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task Each_execution_runs_the_test_case_its_ARN_names()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Orders", Charge);

        var happy = await sfn.StartAsync(machine + "#Happy", "happy");
        var declined = await sfn.StartAsync(machine + "#Declined", "declined");

        var succeeded = await sfn.WaitAsync(happy);
        Assert.Equal(ApiStatus.Succeeded, succeeded.Status);
        Assert.Equal(JsonValue.Parse("""{"charged":true}"""), JsonValue.Parse(succeeded.Output!));
        Assert.Equal(machine, succeeded.StateMachineArn); // the ARN without the suffix
        Assert.Equal(sfn.Arns.Execution("Orders", "happy"), happy);

        var failed = await sfn.WaitAsync(declined);
        Assert.Equal(ApiStatus.Failed, failed.Status);
        Assert.Equal(("Card.Declined", "no funds"), (failed.Error, failed.Cause));
    }

    [Fact]
    public async Task The_test_case_is_the_state_machines_own_and_a_start_without_one_runs_with_the_default()
    {
        var configuration = MockConfiguration.Parse(JsonValue.Parse(Configuration));
        var sfn = Create(configuration, defaultMocks: configuration.GetTestCase("Orders", "Declined"));
        var quick = await sfn.CreateMachineAsync("Quick", Charge, StateMachineType.Express);
        var orders = await sfn.CreateMachineAsync("Orders", Charge);

        // Both machines have a test case "Happy": each execution takes its own machine's.
        var sync = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = quick + "#Happy" });
        Assert.Equal((SyncExecutionStatus.Succeeded, """{"charged":"quick"}"""), (sync.Status, sync.Output));
        Assert.Equal(quick, sync.StateMachineArn);

        var plain = await sfn.WaitAsync(await sfn.StartAsync(orders, "plain"));
        Assert.Equal(("Card.Declined", "no funds"), (plain.Error, plain.Cause));
    }

    [Fact]
    public async Task A_start_without_a_test_case_runs_with_its_machines_default_test_case_or_else_the_kernels_mocks()
    {
        var configuration = MockConfiguration.Parse(JsonValue.Parse(Configuration));
        var sfn = Create(configuration, defaultMocks: configuration.GetTestCase("Orders", "Declined"), defaultTestCase: "Happy");
        var quick = await sfn.CreateMachineAsync("Quick", Charge);
        var orders = await sfn.CreateMachineAsync("Orders", Charge);
        var unmocked = await sfn.CreateMachineAsync("Unmocked", Charge);

        Assert.Equal("""{"charged":"quick"}""", (await sfn.WaitAsync(await sfn.StartAsync(quick, "q"))).Output);
        Assert.Equal("""{"charged":true}""", (await sfn.WaitAsync(await sfn.StartAsync(orders, "o"))).Output);
        Assert.Equal("Card.Declined", (await sfn.WaitAsync(await sfn.StartAsync(unmocked, "u"))).Error);
    }

    [Fact]
    public async Task A_version_or_alias_ARN_takes_a_test_case_too()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Orders", Charge, publish: true);
        var version = machine + ":1";
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "live",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = version, Weight = 100 }],
        })).StateMachineAliasArn;

        var throughVersion = await sfn.WaitAsync(await sfn.StartAsync(version + "#Happy", "v"));
        Assert.Equal((ApiStatus.Succeeded, version), (throughVersion.Status, throughVersion.StateMachineVersionArn));
        var throughAlias = await sfn.WaitAsync(await sfn.StartAsync(alias + "#Declined", "a"));
        Assert.Equal((ApiStatus.Failed, "Card.Declined", alias), (throughAlias.Status, throughAlias.Error, throughAlias.StateMachineAliasArn));
    }

    [Fact]
    public async Task A_test_case_the_configuration_lacks_is_refused_naming_the_ones_it_has()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Orders", Charge);
        var other = await sfn.CreateMachineAsync("Unmocked", Charge);

        var missing = await Assert.ThrowsAsync<ValidationException>(() => sfn.StartAsync(machine + "#Nope"));
        Assert.Equal("Mock configuration: The test case 'Nope' was not found for the state machine 'Orders' (its test cases: 'Happy', 'Declined', 'Flaky').", missing.Message);
        var unmocked = await Assert.ThrowsAsync<ValidationException>(() => sfn.StartAsync(other + "#Happy"));
        Assert.Equal("Mock configuration: The test case 'Happy' was not found for the state machine 'Unmocked' (the file mocks no state machine of that name; it mocks 'Orders', 'Quick').", unmocked.Message);

        // The test case is all after the first '#'.
        var hashes = await Assert.ThrowsAsync<ValidationException>(() => sfn.StartAsync(machine + "#Happy#2"));
        Assert.StartsWith("Mock configuration: The test case 'Happy#2' was not found for the state machine 'Orders'", hashes.Message, StringComparison.Ordinal);

        // The machine must exist whatever the test case.
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartAsync(sfn.Arns.StateMachine("Gone") + "#Happy"));
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine })).Executions);
    }

    [Fact]
    public async Task Without_a_mock_configuration_an_ARN_with_a_test_case_names_no_state_machine_as_on_AWS()
    {
        var sfn = Create(configuration: null);
        var machine = await sfn.CreateMachineAsync("Orders", Charge);
        var refused = await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartAsync(machine + "#Happy"));
        Assert.Equal("State Machine Does Not Exist: '" + machine + "#Happy'", refused.Message);
    }

    [Fact]
    public async Task A_resumed_execution_runs_with_the_test_case_it_started_with()
    {
        var store = new InMemoryStepFunctionsStore();
        var arn = await StartHappyAndStopAsync(store);
        Assert.Equal("Happy", Assert.Single(await store.LoadExecutionsAsync(CancellationToken.None)).TestCase);

        var described = await ResumeAsync(Create(store: store), arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""{"charged":true}""", described.Output);
    }

    [Fact]
    public async Task A_resumed_execution_whose_test_case_is_gone_fails_its_task_naming_the_test_case()
    {
        var store = new InMemoryStepFunctionsStore();
        var arn = await StartHappyAndStopAsync(store);

        var described = await ResumeAsync(Create(configuration: null, store: store), arn); // restarted without the configuration
        Assert.Equal((ApiStatus.Failed, "States.TaskFailed"), (described.Status, described.Error));
        Assert.Contains("The mock test case 'Happy' has no response for the state 'Charge'.", described.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redrive_runs_with_the_same_test_case_and_takes_its_next_response()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Orders", Charge);
        var arn = await sfn.StartAsync(machine + "#Flaky", "flaky");
        Assert.Equal("Card.Down", (await sfn.WaitAsync(arn)).Error);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var redriven = await sfn.WaitAsync(arn);
        Assert.Equal((ApiStatus.Succeeded, """{"charged":"late"}"""), (redriven.Status, redriven.Output));
    }

    [Theory]
    [InlineData("INLINE\"")]
    [InlineData("DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"")]
    public async Task A_redrive_of_a_map_iteration_takes_the_next_response(string mode)
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Orders", """{"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,"ItemProcessor":{"ProcessorConfig":{"Mode":"MODE},"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:charge","End":true}}},"End":true}}}""".Replace("MODE", mode, StringComparison.Ordinal));
        var arn = await sfn.StartAsync(machine + "#Flaky", "flaky-map", """{"items":[1]}""");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var redriven = await sfn.WaitAsync(arn);
        Assert.True(redriven.Status == ApiStatus.Succeeded, redriven.Status + " " + redriven.Error + " " + redriven.Cause);
        Assert.Equal("""[{"charged":"late"}]""", redriven.Output);
    }

    private LocalStepFunctions Create(IStepFunctionsStore? store = null) =>
        Create(MockConfiguration.Parse(JsonValue.Parse(Configuration)), store: store);

    private LocalStepFunctions Create(MockConfiguration? configuration, MockTestCase? defaultMocks = null, IStepFunctionsStore? store = null, string? defaultTestCase = null) => new(new StepFunctionsOptions
    {
        DefaultTestCase = defaultTestCase,
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = _time,
        Store = store,
        MockConfiguration = configuration,
        Execution = new ExecutionOptions { Mocks = defaultMocks },
    });

    /// <summary>Starts a Standard execution on <c>Orders#Happy</c> that waits a minute, and stops the instance while it waits.</summary>
    private async Task<string> StartHappyAndStopAsync(IStepFunctionsStore store)
    {
        var sfn = Create(store: store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Orders", WaitThenCharge);
        var arn = await sfn.StartAsync(machine + "#Happy", "resumed");
        await _time.WaitForTimerAsync();
        await sfn.ShutdownAsync();
        return arn;
    }

    /// <summary>Resumes the execution on a new instance and lets its minute pass.</summary>
    private async Task<DescribeExecutionResponse> ResumeAsync(LocalStepFunctions again, string arn)
    {
        await again.RecoverAsync();
        await _time.WaitForTimerAsync();
        _time.Advance(TimeSpan.FromSeconds(60));
        return await again.WaitAsync(arn);
    }
}
