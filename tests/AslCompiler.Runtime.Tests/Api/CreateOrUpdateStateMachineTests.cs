using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// <see cref="StepFunctionsExtensions.CreateOrUpdateStateMachineAsync"/>: an application that creates its state machines
/// at startup over a durable store meets CreateStateMachine's StateMachineAlreadyExists on the first start after a
/// definition changed (a redeploy trial's hosted app stopped there); this creates or updates.
/// </summary>
public sealed class CreateOrUpdateStateMachineTests
{
    [Fact]
    public async Task Creates_then_updates_a_changed_definition_keeping_the_ARN_and_publishing_when_asked()
    {
        var sfn = ApiFixture.Create();
        var request = new CreateStateMachineRequest { Name = "Orders", Definition = ApiFixture.PassDefinition, RoleArn = ApiFixture.RoleArn };

        var arn = await sfn.CreateOrUpdateStateMachineAsync(request);
        Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Orders", arn);

        // The same request again (a restart without a change) is CreateStateMachine's own idempotent answer.
        Assert.Equal(arn, await sfn.CreateOrUpdateStateMachineAsync(request));
        Assert.Null((await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn })).RevisionId);

        // A changed definition (and role) updates it in place; Publish makes a version of the update.
        Assert.Equal(arn, await sfn.CreateOrUpdateStateMachineAsync(request with
        {
            Definition = ApiFixture.OtherDefinition,
            RoleArn = "arn:aws:iam::111111111111:role/other",
            Publish = true,
            VersionDescription = "v2",
        }));
        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn });
        Assert.Equal(ApiFixture.OtherDefinition, described.Definition);
        Assert.Equal("arn:aws:iam::111111111111:role/other", described.RoleArn);
        var version = Assert.Single((await sfn.ListStateMachineVersionsAsync(new ListStateMachineVersionsRequest { StateMachineArn = arn })).StateMachineVersions);
        Assert.EndsWith(":Orders:1", version.StateMachineVersionArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_machine_of_the_other_type_is_left_alone_with_CreateStateMachines_error()
    {
        var sfn = ApiFixture.Create();
        await sfn.CreateMachineAsync("Orders", type: StateMachineType.Express);

        var error = await Assert.ThrowsAsync<StateMachineAlreadyExistsException>(() => sfn.CreateOrUpdateStateMachineAsync(
            new CreateStateMachineRequest { Name = "Orders", Definition = ApiFixture.OtherDefinition, RoleArn = ApiFixture.RoleArn }));
        Assert.Equal("State Machine Already Exists: 'arn:aws:states:us-east-1:111111111111:stateMachine:Orders'", error.Message);
        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:Orders" });
        Assert.Equal(ApiFixture.PassDefinition, described.Definition);
    }

    [Fact]
    public async Task The_machine_is_found_past_the_first_page_of_ListStateMachines()
    {
        var sfn = ApiFixture.Create();
        for (var i = 0; i < 1005; i++)
        {
            await sfn.CreateMachineAsync("M" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        }

        // "Z" comes after the 1,005 others (by name and by creation), on the second page of 1,000.
        await sfn.CreateMachineAsync("Z");
        var arn = await sfn.CreateOrUpdateStateMachineAsync(new CreateStateMachineRequest { Name = "Z", Definition = ApiFixture.OtherDefinition, RoleArn = ApiFixture.RoleArn });
        Assert.Equal(ApiFixture.OtherDefinition, (await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn })).Definition);
    }
}
