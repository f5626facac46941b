using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class VersionAndAliasActionTests
{
    private static RoutingConfigurationListItem Route(string arn, int weight) => new() { StateMachineVersionArn = arn, Weight = weight };

    [Fact]
    public async Task Versions_are_monotonic_and_listed_newest_first()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var v2 = await sfn.PublishAsync(arn, ApiFixture.OtherDefinition);
        await sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionRequest { StateMachineVersionArn = v2 });
        var v3 = await sfn.PublishAsync(arn, ApiFixture.PassDefinition);
        Assert.Equal(arn + ":3", v3);
        var list = await sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsRequest { StateMachineArn = arn });
        Assert.Equal([arn + ":3", arn + ":1"], list.StateMachineVersions.Select(v => v.StateMachineVersionArn));
    }

    [Fact]
    public async Task Publishing_an_unchanged_revision_returns_the_same_version()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var again = await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = arn });
        Assert.Equal(arn + ":1", again.StateMachineVersionArn);
    }

    [Fact]
    public async Task Publishing_with_a_stale_revision_is_ConflictException()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var first = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = ApiFixture.OtherDefinition });
        var second = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = ApiFixture.PassDefinition });
        var error = await Assert.ThrowsAsync<ConflictException>(() => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = arn, RevisionId = first.RevisionId }));
        Assert.Equal($"Failed to publish the State Machine version for revision {first.RevisionId}. The current State Machine revision is {second.RevisionId}.", error.Message);
        Assert.Equal(409, error.StatusCode);
        var ok = await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = arn, RevisionId = second.RevisionId });
        Assert.Equal(arn + ":1", ok.StateMachineVersionArn);
    }

    [Fact]
    public async Task INITIAL_is_the_revision_of_a_state_machine_never_updated()
    {
        // The reference: "To specify an initial revision ID for a state machine with no revision ID assigned, specify
        // the string INITIAL for the revisionId parameter."
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var published = await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = arn, RevisionId = "INITIAL" });
        Assert.Equal(arn + ":1", published.StateMachineVersionArn);

        var updated = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = ApiFixture.OtherDefinition });
        var error = await Assert.ThrowsAsync<ConflictException>(() => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = arn, RevisionId = "INITIAL" }));
        Assert.Equal($"Failed to publish the State Machine version for revision INITIAL. The current State Machine revision is {updated.RevisionId}.", error.Message);
    }

    [Fact]
    public async Task A_Distributed_Map_states_ARN_is_refused_where_a_state_machine_ARN_is_taken()
    {
        // The reference (DeleteStateMachine, DescribeStateMachine, StartExecution, UpdateStateMachine): "If you provide a
        // qualified state machine ARN that refers to a Distributed Map state, the request fails with ValidationException."
        // A user trial found most actions answering StateMachineDoesNotExist, or (ListStateMachineVersions) an empty list.
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var labelled = arn + "/lbl";
        var calls = new (string Action, Func<Task> Call)[]
        {
            ("DescribeStateMachine", () => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = labelled })),
            ("StartExecution", () => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = labelled })),
            ("StartSyncExecution", () => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = labelled })),
            ("UpdateStateMachine", () => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = labelled, Definition = ApiFixture.OtherDefinition })),
            ("DeleteStateMachine", () => sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = labelled })),
            ("PublishStateMachineVersion", () => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = labelled })),
            ("ListStateMachineVersions", () => sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsRequest { StateMachineArn = labelled })),
            ("ListStateMachineAliases", () => sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = labelled })),
            ("ListExecutions", () => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = labelled })),
        };
        var wrong = new List<string>();
        foreach (var (action, call) in calls)
        {
            try
            {
                await call();
                wrong.Add(action + ": accepted");
            }
            catch (ValidationException e) when (e.Reason == ValidationExceptionReason.ApiDoesNotSupportLabeledArns)
            {
                Assert.Equal("Unsupported state machine ARN: '" + labelled + "'. Use the unqualified state machine ARN.", e.Message);
            }
            catch (StepFunctionsException e)
            {
                wrong.Add(action + ": " + e.GetType().Name + " " + e.Message);
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Publish_on_unknown_machine_is_StateMachineDoesNotExist()
    {
        var sfn = ApiFixture.Create();
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = sfn.Arns.StateMachine("x") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = "invalid_arn" }));
    }

    [Fact]
    public async Task Alias_lifecycle()
    {
        var time = new ManualTimeProvider();
        var sfn = ApiFixture.Create(time);
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var v2 = await sfn.PublishAsync(arn, ApiFixture.OtherDefinition);
        var created = await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", Description = "d", RoutingConfiguration = [Route(arn + ":1", 70), Route(v2, 30)] });
        Assert.Equal(arn + ":PROD", created.StateMachineAliasArn);
        var same = await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", Description = "d", RoutingConfiguration = [Route(v2, 30), Route(arn + ":1", 70)] });
        Assert.Equal(created, same);
        await Assert.ThrowsAsync<ConflictException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", RoutingConfiguration = [Route(v2, 100)] }));

        time.Advance(TimeSpan.FromSeconds(5));
        var updated = await sfn.UpdateStateMachineAliasAsync(new UpdateStateMachineAliasRequest { StateMachineAliasArn = created.StateMachineAliasArn, RoutingConfiguration = [Route(v2, 100)] });
        Assert.Equal(time.GetUtcNow(), updated.UpdateDate);
        var described = await sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = created.StateMachineAliasArn });
        Assert.Equal("d", described.Description);
        Assert.Equal([v2], described.RoutingConfiguration.Select(r => r.StateMachineVersionArn));

        var refused = await Assert.ThrowsAsync<ConflictException>(() => sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionRequest { StateMachineVersionArn = v2 }));
        Assert.Equal("Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [PROD]", refused.Message);
        await sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionRequest { StateMachineVersionArn = arn + ":1" });

        var listed = await sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = arn });
        Assert.Single(listed.StateMachineAliases);
        await sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = created.StateMachineAliasArn });
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = created.StateMachineAliasArn }));
        await sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionRequest { StateMachineVersionArn = v2 });
    }

    [Fact]
    public async Task Deleting_an_alias_that_does_not_exist_succeeds()
    {
        // As AWS answered (LocalStack's test_delete_no_such_alias_arn, recorded: delete, then delete again, 200 both
        // times). A state machine that does not exist is the same no-op, as DeleteStateMachine and
        // DeleteStateMachineVersion of what is not there; an ARN that is not an alias's is still InvalidArn.
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", RoutingConfiguration = [Route(arn + ":1", 100)] })).StateMachineAliasArn;
        Assert.Equal(new DeleteStateMachineAliasResponse(), await sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = alias }));
        Assert.Equal(new DeleteStateMachineAliasResponse(), await sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = alias }));
        await sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = arn + ":NEVER" });
        await sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = sfn.Arns.StateMachine("Missing") + ":PROD" });
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = alias }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.UpdateStateMachineAliasAsync(new UpdateStateMachineAliasRequest { StateMachineAliasArn = alias, Description = "d" }));

        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = "not-an-arn" }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = arn }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DeleteStateMachineAliasAsync(new DeleteStateMachineAliasRequest { StateMachineAliasArn = arn + ":1" }));
    }

    [Fact]
    public async Task Updating_an_alias_to_what_it_already_is_changes_nothing()
    {
        // The reference: "Requests with the same parameters return an idempotent response."
        var time = new ManualTimeProvider();
        var sfn = ApiFixture.Create(time);
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var v2 = await sfn.PublishAsync(arn, ApiFixture.OtherDefinition);
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", Description = "d", RoutingConfiguration = [Route(arn + ":1", 100)] })).StateMachineAliasArn;
        var created = time.GetUtcNow();

        time.Advance(TimeSpan.FromSeconds(5));
        var request = new UpdateStateMachineAliasRequest { StateMachineAliasArn = alias, Description = "d2", RoutingConfiguration = [Route(arn + ":1", 60), Route(v2, 40)] };
        var updated = await sfn.UpdateStateMachineAliasAsync(request);
        Assert.Equal(time.GetUtcNow(), updated.UpdateDate);
        var described = await sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = alias });

        // The same request again, the same settings in another order, or only one of them as it is: no update.
        time.Advance(TimeSpan.FromSeconds(5));
        foreach (var same in new[]
        {
            request,
            request with { RoutingConfiguration = [Route(v2, 40), Route(arn + ":1", 60)] },
            request with { RoutingConfiguration = null },
            request with { Description = null },
        })
        {
            Assert.Equal(updated, await sfn.UpdateStateMachineAliasAsync(same));
            Assert.Equal(described, await sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = alias }));
        }

        Assert.Equal(created, described.CreationDate);

        // A change moves the date again.
        var changed = await sfn.UpdateStateMachineAliasAsync(request with { Description = "d3" });
        Assert.Equal(time.GetUtcNow(), changed.UpdateDate);
        Assert.Equal(time.GetUtcNow(), (await sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = alias })).UpdateDate);
    }

    [Fact]
    public async Task Aliases_are_listed_newest_first_and_for_a_version_those_that_route_to_it()
    {
        // The reference: "Results are sorted by time, with the most recently created aliases listed first. To list
        // aliases that reference a state machine version, you can specify the version ARN" (a lifecycle trial found the
        // oldest first, and a version ARN refused).
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var v1 = arn + ":1";
        var v2 = await sfn.PublishAsync(arn, ApiFixture.OtherDefinition);
        foreach (var (name, routing) in new[] { ("A1", new[] { Route(v1, 100) }), ("A2", [Route(v2, 100)]), ("A3", [Route(v1, 50), Route(v2, 50)]) })
        {
            await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = name, RoutingConfiguration = routing });
        }

        async Task<List<string>> NamesAsync(string stateMachineArn, int? pageSize = null)
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var page = await sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = stateMachineArn, MaxResults = pageSize, NextToken = token });
                names.AddRange(page.StateMachineAliases.Select(a => a.StateMachineAliasArn[(a.StateMachineAliasArn.LastIndexOf(':') + 1)..]));
                token = page.NextToken;
            }
            while (token is not null);
            return names;
        }

        Assert.Equal(["A3", "A2", "A1"], await NamesAsync(arn));
        Assert.Equal(["A3", "A2", "A1"], await NamesAsync(arn, pageSize: 2));
        Assert.Equal(["A3", "A1"], await NamesAsync(v1));
        Assert.Equal(["A3", "A2"], await NamesAsync(v2, pageSize: 1));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = arn + ":A1" }));
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = arn + ":9" }));
    }

    [Theory]
    [InlineData(70, 29, "Sum of routing configuration weights must equal 100. Received: [70, 29]")]
    [InlineData(70, 31, "Sum of routing configuration weights must equal 100. Received: [70, 31]")]
    public async Task Weights_must_sum_to_100(int a, int b, string message)
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var v2 = await sfn.PublishAsync(arn, ApiFixture.OtherDefinition);
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "A", RoutingConfiguration = [Route(arn + ":1", a), Route(v2, b)] }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Routes_must_be_distinct_existing_versions()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "A", RoutingConfiguration = [Route(arn, 100)] }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "A", RoutingConfiguration = [Route(arn + ":1", 50), Route(arn + ":1", 50)] }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "A", RoutingConfiguration = [Route(arn + ":9", 100)] }));
        var three = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "A", RoutingConfiguration = [Route(arn + ":1", 50), Route(arn + ":2", 30), Route(arn + ":3", 20)] }));
        Assert.EndsWith("at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2", three.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALIAS@")]
    [InlineData("!INVALID")]
    [InlineData("123")]
    [InlineData("")]
    public async Task Alias_names_follow_the_pattern(string name)
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = name, RoutingConfiguration = [Route(arn + ":1", 100)] }));
    }
}

public sealed class ActivityActionTests
{
    [Fact]
    public async Task Create_describe_list_delete()
    {
        var sfn = ApiFixture.Create();
        var created = await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "Work" });
        Assert.Equal("arn:aws:states:us-east-1:111111111111:activity:Work", created.ActivityArn);
        Assert.Equal(created, await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "Work", Tags = [new Tag { Key = "a", Value = "b" }] }));
        var described = await sfn.DescribeActivityAsync(new DescribeActivityRequest { ActivityArn = created.ActivityArn });
        Assert.Equal("Work", described.Name);
        Assert.Equal(EncryptionType.AwsOwnedKey, described.EncryptionConfiguration!.Type);
        Assert.Single((await sfn.ListActivitiesAsync(new ListActivitiesRequest())).Activities);
        await sfn.DeleteActivityAsync(new DeleteActivityRequest { ActivityArn = created.ActivityArn });
        await sfn.DeleteActivityAsync(new DeleteActivityRequest { ActivityArn = created.ActivityArn });
        var missing = await Assert.ThrowsAsync<ActivityDoesNotExistException>(() => sfn.DescribeActivityAsync(new DescribeActivityRequest { ActivityArn = created.ActivityArn }));
        Assert.Equal("Activity Does Not Exist: '" + created.ActivityArn + "'", missing.Message);
    }

    [Fact]
    public async Task A_task_of_an_activity_that_does_not_exist_fails_the_state_as_recorded()
    {
        // Recorded on AWS (test_activity_task_on_deleted): no ActivityScheduled; the state fails with States.Runtime.
        // A callbacks trial found such executions waiting for a worker until their timeout (or the year's limit).
        var sfn = ExecutionFixture.Create();
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "Gone" })).ActivityArn;
        await sfn.DeleteActivityAsync(new DeleteActivityRequest { ActivityArn = activity });
        var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ExecutionFixture.ActivityDefinition(activity), RoleArn = "arn:aws:iam::111111111111:role/R" })).StateMachineArn;

        var arn = await sfn.StartAsync(machine);
        var ended = await sfn.WaitAsync(arn);

        Assert.Equal((ExecutionStatus.Failed, "States.Runtime"), (ended.Status, ended.Error));
        var events = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;
        Assert.Equal([HistoryEventType.ExecutionStarted, HistoryEventType.TaskStateEntered, HistoryEventType.ExecutionFailed], events.Select(e => e.Type));
        Assert.Equal("An error occurred while executing the state '" + events[1].StateEnteredEventDetails!.Name + "' (entered at the event id #2). The activity " + activity + " does not exist.", ended.Cause);
    }

    [Fact]
    public async Task Deleting_an_activity_lets_go_of_the_tasks_no_worker_took()
    {
        // Found by a soak trial: the scheduled tasks of a deleted activity could never be polled, nor freed.
        var sfn = ExecutionFixture.Create();
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "Work" })).ActivityArn;
        var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ExecutionFixture.ActivityDefinition(activity), RoleArn = "arn:aws:iam::111111111111:role/R" })).StateMachineArn;
        await sfn.StartAsync(machine, input: """{"big":"input"}""");
        var kernel = sfn.KernelEngine!.Kernel;
        for (var i = 0; i < 250 && kernel.ActivityQueueOf(activity).Count == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, kernel.ActivityQueueOf(activity).Count);
        await sfn.DeleteActivityAsync(new DeleteActivityRequest { ActivityArn = activity });
        Assert.False(kernel.HoldsActivityQueue(activity));
    }

    [Fact]
    public async Task Different_encryption_is_ActivityAlreadyExists()
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "Work" });
        await Assert.ThrowsAsync<ActivityAlreadyExistsException>(() => sfn.CreateActivityAsync(new CreateActivityRequest
        {
            Name = "Work", EncryptionConfiguration = new EncryptionConfiguration { Type = EncryptionType.CustomerManagedKmsKey, KmsKeyId = "k" },
        }));
    }

    [Theory]
    [InlineData("activity name")]
    [InlineData("a<b")]
    [InlineData("a{b")]
    [InlineData("a[b")]
    [InlineData("a?b")]
    [InlineData("a*b")]
    [InlineData("a\"b")]
    [InlineData("a#b")]
    [InlineData("a%b")]
    [InlineData("a\\b")]
    [InlineData("a^b")]
    [InlineData("a|b")]
    [InlineData("a~b")]
    [InlineData("a`b")]
    [InlineData("a$b")]
    [InlineData("a&b")]
    [InlineData("a,b")]
    [InlineData("a;b")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u009fb")]
    [InlineData("a\ufffeb")]
    [InlineData("a\ud83d\ude00b")]
    public async Task Forbidden_name_characters_are_InvalidName(string name)
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<InvalidNameException>(() => sfn.CreateActivityAsync(new CreateActivityRequest { Name = name }));
        Assert.Equal("Invalid Name: '" + name + "'", error.Message);
        await Assert.ThrowsAsync<InvalidNameException>(() => sfn.CreateMachineAsync(name));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a-b_c.d")]
    [InlineData("Ünïcödé")]
    [InlineData("a(b)!'@+=")]
    public async Task Allowed_names_are_accepted(string name)
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = name });
    }

    [Fact]
    public async Task Name_length_boundaries()
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = new string('a', 80) });
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateActivityAsync(new CreateActivityRequest { Name = new string('a', 81) }));
        Assert.Equal($"1 validation error detected: Value '{new string('a', 81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80", error.Message);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateActivityAsync(new CreateActivityRequest { Name = "" }));
        var nul = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateActivityAsync(new CreateActivityRequest { Name = null! }));
        Assert.Equal("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null", nul.Message);
    }
}

public sealed class TagActionTests
{
    [Fact]
    public async Task Tag_list_untag()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        await sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "a", Value = "1" }, new Tag { Key = "b", Value = "" }] });
        await sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "a", Value = "2" }] });
        var tags = (await sfn.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = arn })).Tags;
        Assert.Equal(["a=2", "b="], tags.Select(t => t.Key + "=" + t.Value));
        await sfn.UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = ["a", "zzz"] });
        Assert.Equal(["b"], (await sfn.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = arn })).Tags.Select(t => t.Key));
    }

    [Fact]
    public async Task Fifty_tags_are_allowed_and_fifty_one_are_TooManyTags()
    {
        var sfn = ApiFixture.Create();
        var arn = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "A" })).ActivityArn;
        await sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = Enumerable.Range(0, 50).Select(i => new Tag { Key = "k" + i, Value = "v" }).ToList() });
        await Assert.ThrowsAsync<TooManyTagsException>(() => sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "one-more", Value = "v" }] }));
    }

    [Theory]
    [InlineData("", "v")]
    [InlineData("k!", "v")]
    [InlineData("k", "v#")]
    public async Task Tag_keys_and_values_follow_the_rules(string key, string value)
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        await Assert.ThrowsAsync<ValidationException>(() => sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = key, Value = value }] }));
    }

    [Fact]
    public async Task Tag_length_boundaries()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        await sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = new string('k', 128), Value = new string('v', 256) }] });
        await Assert.ThrowsAsync<ValidationException>(() => sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = new string('k', 129), Value = "" }] }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "k", Value = new string('v', 257) }] }));
    }

    [Fact]
    public async Task Versions_are_not_taggable_and_unknown_resources_are_ResourceNotFound()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.TagResourceAsync(new TagResourceRequest { ResourceArn = arn + ":1", Tags = [new Tag { Key = "k", Value = "v" }] }));
        Assert.Equal("Resource not found: '" + arn + ":1'", error.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = sfn.Arns.Activity("none") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = "nope" }));
    }
}
