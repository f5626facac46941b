using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>A clock that only moves when told to.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class ApiFixture
{
    public const string PassDefinition = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""";
    public const string OtherDefinition = """{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}""";
    public const string RoleArn = "arn:aws:iam::111111111111:role/sfn-role";

    public static LocalStepFunctions Create(ManualTimeProvider? time = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = time ?? new ManualTimeProvider(),
    });

    public static async Task<string> CreateMachineAsync(this LocalStepFunctions sfn, string name, string definition = PassDefinition, StateMachineType? type = null, bool publish = false) =>
        (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = name, Definition = definition, RoleArn = RoleArn, Type = type, Publish = publish })).StateMachineArn;

    public static async Task<string> PublishAsync(this LocalStepFunctions sfn, string machineArn, string definition)
    {
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machineArn, Definition = definition });
        return (await sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = machineArn })).StateMachineVersionArn;
    }
}
