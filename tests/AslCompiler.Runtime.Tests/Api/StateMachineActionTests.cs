using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class StateMachineActionTests
{
    [Fact]
    public async Task Create_then_describe_returns_what_was_stored()
    {
        var time = new ManualTimeProvider();
        var sfn = ApiFixture.Create(time);
        var created = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "Orders",
            Definition = ApiFixture.PassDefinition,
            RoleArn = ApiFixture.RoleArn,
            Type = StateMachineType.Express,
            TracingConfiguration = new TracingConfiguration { Enabled = true },
            LoggingConfiguration = new LoggingConfiguration
            {
                Level = LogLevel.All,
                IncludeExecutionData = true,
                Destinations = [new LogDestination { CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = "arn:aws:logs:us-east-1:111111111111:log-group:g:*" } }],
            },
            EncryptionConfiguration = new EncryptionConfiguration { Type = EncryptionType.CustomerManagedKmsKey, KmsKeyId = "alias/key", KmsDataKeyReusePeriodSeconds = 300 },
        });
        Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Orders", created.StateMachineArn);
        Assert.Equal(time.GetUtcNow(), created.CreationDate);
        Assert.Null(created.StateMachineVersionArn);

        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = created.StateMachineArn });
        Assert.Equal("Orders", described.Name);
        Assert.Equal(StateMachineType.Express, described.Type);
        Assert.Equal(StateMachineStatus.Active, described.Status);
        Assert.Equal(ApiFixture.PassDefinition, described.Definition);
        Assert.True(described.TracingConfiguration!.Enabled);
        Assert.Equal(LogLevel.All, described.LoggingConfiguration!.Level);
        Assert.Equal(300, described.EncryptionConfiguration!.KmsDataKeyReusePeriodSeconds);
        Assert.Null(described.RevisionId);
    }

    [Fact]
    public async Task Describe_with_METADATA_ONLY_returns_the_definition_as_an_empty_object()
    {
        // The reference (DescribeStateMachine, definition): "If called with includedData = METADATA_ONLY, the returned
        // definition will be {}." The rest of the description is unchanged; ALL_DATA and no includedData give it all.
        var sfn = ApiFixture.Create();
        var created = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn, Publish = true, VersionDescription = "v1" });
        foreach (var arn in new[] { created.StateMachineArn, created.StateMachineVersionArn! })
        {
            var full = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn });
            var all = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn, IncludedData = IncludedData.AllData });
            var metadata = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn, IncludedData = IncludedData.MetadataOnly });
            Assert.Equal(ApiFixture.PassDefinition, full.Definition);
            Assert.Equal(full, all);
            Assert.Equal("{}", metadata.Definition);
            Assert.Equal(full with { Definition = "{}" }, metadata);
            Assert.Equal(arn, metadata.StateMachineArn);
        }
    }

    [Fact]
    public async Task Describe_lists_the_variables_each_state_references()
    {
        // The reference: "variableReferences: A map of state name to a list of variables referenced by that state. A
        // state that does not use variables doesn't have an entry in the map." DescribeStateMachineForExecution too.
        var sfn = ApiFixture.Create();
        const string Definition = """
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"x":1,"y":"a"},"Next":"Use"},
              "Use":{"QueryLanguage":"JSONata","Type":"Pass","Output":"{% $x & $y %}","End":true}}}
            """;
        var created = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "V", Definition = Definition, RoleArn = ApiFixture.RoleArn, Publish = true });
        foreach (var arn in new[] { created.StateMachineArn, created.StateMachineVersionArn! })
        {
            var references = (await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn })).VariableReferences!;
            Assert.Equal(["Use"], references.Keys);
            Assert.Equal(["x", "y"], references["Use"]);
        }

        var execution = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = created.StateMachineArn });
        var forExecution = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = execution.ExecutionArn });
        Assert.Equal(["x", "y"], forExecution.VariableReferences!["Use"]);

        var plain = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "P", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn });
        Assert.Empty((await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = plain.StateMachineArn })).VariableReferences!);
    }

    [Fact]
    public async Task Create_is_idempotent_for_the_same_definition_and_ignores_role_and_tags()
    {
        var sfn = ApiFixture.Create();
        var first = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn });
        var again = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = "arn:aws:iam::111111111111:role/other", Tags = [new Tag { Key = "k", Value = "v" }],
        });
        Assert.Equal(first, again);
        var tags = await sfn.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = first.StateMachineArn });
        Assert.Empty(tags.Tags);
    }

    [Fact]
    public async Task Create_with_a_different_definition_is_StateMachineAlreadyExists()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var error = await Assert.ThrowsAsync<StateMachineAlreadyExistsException>(() => sfn.CreateMachineAsync("M", ApiFixture.OtherDefinition));
        Assert.Equal("State Machine Already Exists: '" + arn + "'", error.Message);
        Assert.Equal("StateMachineAlreadyExists", error.ErrorCode);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Create_with_publish_creates_version_1()
    {
        var sfn = ApiFixture.Create();
        var created = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn, Publish = true, VersionDescription = "first" });
        Assert.Equal(created.StateMachineArn + ":1", created.StateMachineVersionArn);
        var version = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = created.StateMachineVersionArn! });
        Assert.Equal("first", version.Description);
    }

    [Fact]
    public async Task Version_description_without_publish_is_refused()
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<ValidationException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn, VersionDescription = "x",
        }));
        Assert.Equal("Version description can only be set when publish is true", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task Invalid_definitions_are_InvalidDefinition(string definition)
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<InvalidDefinitionException>(() => sfn.CreateMachineAsync("M", definition));
        Assert.StartsWith("Invalid State Machine Definition: '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_level_without_destination_is_InvalidLoggingConfiguration()
    {
        var sfn = ApiFixture.Create();
        var error = await Assert.ThrowsAsync<InvalidLoggingConfigurationException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn, LoggingConfiguration = new LoggingConfiguration { Level = LogLevel.Error },
        }));
        Assert.Equal("Invalid Logging Configuration: Must specify exactly one Log Destination.", error.Message);
    }

    [Theory]
    [InlineData(EncryptionType.CustomerManagedKmsKey, null, null)]
    [InlineData(EncryptionType.CustomerManagedKmsKey, "key", 59)]
    [InlineData(EncryptionType.CustomerManagedKmsKey, "key", 901)]
    [InlineData(EncryptionType.AwsOwnedKey, "key", null)]
    public async Task Invalid_encryption_is_InvalidEncryptionConfiguration(EncryptionType type, string? key, int? reuse)
    {
        var sfn = ApiFixture.Create();
        await Assert.ThrowsAsync<InvalidEncryptionConfigurationException>(() => sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn,
            EncryptionConfiguration = new EncryptionConfiguration { Type = type, KmsKeyId = key, KmsDataKeyReusePeriodSeconds = reuse },
        }));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(900)]
    public async Task Reuse_period_boundaries_are_accepted(int seconds)
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "M", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn,
            EncryptionConfiguration = new EncryptionConfiguration { Type = EncryptionType.CustomerManagedKmsKey, KmsKeyId = "k", KmsDataKeyReusePeriodSeconds = seconds },
        });
    }

    [Fact]
    public async Task Describe_unknown_is_StateMachineDoesNotExist_and_bad_arn_is_InvalidArn()
    {
        var sfn = ApiFixture.Create();
        var missing = await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = sfn.Arns.StateMachine("nope") }));
        Assert.Equal("State Machine Does Not Exist: '" + sfn.Arns.StateMachine("nope") + "'", missing.Message);
        var invalid = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = "not_a_valid_arn" }));
        Assert.Equal("Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", invalid.Message);
    }

    [Fact]
    public async Task Update_changes_revision_and_can_publish()
    {
        var time = new ManualTimeProvider();
        var sfn = ApiFixture.Create(time);
        var arn = await sfn.CreateMachineAsync("M");
        time.Advance(TimeSpan.FromMinutes(1));
        var updated = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = ApiFixture.OtherDefinition, Publish = true, VersionDescription = "v1" });
        Assert.Equal(time.GetUtcNow(), updated.UpdateDate);
        Assert.NotNull(updated.RevisionId);
        Assert.Equal(arn + ":1", updated.StateMachineVersionArn);
        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn });
        Assert.Equal(ApiFixture.OtherDefinition, described.Definition);
        Assert.Equal(updated.RevisionId, described.RevisionId);
    }

    [Fact]
    public async Task Update_without_changes_is_MissingRequiredParameter()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M");
        var error = await Assert.ThrowsAsync<MissingRequiredParameterException>(() => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn }));
        Assert.Equal("Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified", error.Message);
    }

    [Fact]
    public async Task Update_of_a_version_arn_is_StateMachineDoesNotExist()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn + ":1", Definition = ApiFixture.OtherDefinition }));
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = sfn.Arns.StateMachine("x"), RoleArn = ApiFixture.RoleArn }));
    }

    [Fact]
    public async Task Delete_removes_the_machine_its_versions_and_aliases_and_is_idempotent()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest { Name = "PROD", RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = arn + ":1", Weight = 100 }] });
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = arn });
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = arn });
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn + ":1" }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeStateMachineAliasAsync(new DescribeStateMachineAliasRequest { StateMachineAliasArn = arn + ":PROD" }));
        Assert.Empty((await sfn.ListStateMachinesAsync(new ListStateMachinesRequest())).StateMachines);
    }

    [Fact]
    public async Task Delete_with_a_version_arn_is_ValidationException()
    {
        var sfn = ApiFixture.Create();
        var arn = await sfn.CreateMachineAsync("M", publish: true);
        await Assert.ThrowsAsync<ValidationException>(() => sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = arn + ":1" }));
    }

    [Fact]
    public async Task List_pages_in_creation_order_with_opaque_tokens()
    {
        var sfn = ApiFixture.Create();
        for (var i = 0; i < 7; i++)
        {
            await sfn.CreateMachineAsync("M" + i);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await sfn.ListStateMachinesAsync(new ListStateMachinesRequest { MaxResults = 3, NextToken = token });
            names.AddRange(page.StateMachines.Select(m => m.Name));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "M" + i), names);
    }

    [Fact]
    public async Task A_foreign_or_garbled_token_is_InvalidToken()
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "a" });
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "b" });
        var activities = await sfn.ListActivitiesAsync(new ListActivitiesRequest { MaxResults = 1 });
        Assert.NotNull(activities.NextToken);
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = activities.NextToken }));
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.ListStateMachinesAsync(new ListStateMachinesRequest { NextToken = "!!garbage!!" }));
    }

    [Fact]
    public async Task Validate_definition_reports_model_errors()
    {
        var sfn = ApiFixture.Create();
        var ok = await sfn.ValidateStateMachineDefinitionAsync(new ValidateStateMachineDefinitionRequest { Definition = ApiFixture.PassDefinition });
        Assert.Equal(ValidateStateMachineDefinitionResultCode.Ok, ok.Result);
        var bad = await sfn.ValidateStateMachineDefinitionAsync(new ValidateStateMachineDefinitionRequest { Definition = "not json" });
        Assert.Equal(ValidateStateMachineDefinitionResultCode.Fail, bad.Result);
        Assert.NotEmpty(bad.Diagnostics);
    }
}
