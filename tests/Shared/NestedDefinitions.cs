namespace AslCompiler.Tests.Shared;

/// <summary>
/// The state machines of the nested-execution restart tests (in memory and on SQLite): a parent whose middle task
/// starts a child through <c>states:startExecution</c>, a child with a task and a Wait, and a child that calls its
/// parent back with the task token it got in its input.
/// </summary>
internal static class NestedDefinitions
{
    /// <summary>The prefix of the Lambda functions the definitions call (<c>work</c>, <c>notify</c>).</summary>
    public const string Fn = "arn:aws:lambda:us-east-1:111111111111:function:";

    public const string Child = """
        {"StartAt":"Work","States":{
          "Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"child","value.$":"$.v"},"ResultPath":"$.work","Next":"Pause"},
          "Pause":{"Type":"Wait","Seconds":30,"Next":"Done"},
          "Done":{"Type":"Pass","End":true}}}
        """;

    /// <summary>A child that calls its parent back with the token it got in its input (after a Wait).</summary>
    public const string CallbackChild = """
        {"StartAt":"Pause","States":{
          "Pause":{"Type":"Wait","Seconds":30,"Next":"Notify"},
          "Notify":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:notify","Parameters":{"token.$":"$.token","v.$":"$.v"},"End":true}}}
        """;

    /// <summary>
    /// The parent: a task, the nested start through <paramref name="resource"/> (named when <paramref name="named"/>), a
    /// task. The child gets the task's token in its input for <c>.waitForTaskToken</c>, or when <paramref name="token"/>.
    /// </summary>
    public static string Parent(string resource, string childArn, bool named = false, bool token = false)
    {
        var name = named ? "\"Name\":\"the-child\"," : string.Empty;
        var tokenMember = token || resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? ",\"token.$\":\"$$.Task.Token\"" : string.Empty;
        return "{\"StartAt\":\"Before\",\"States\":{"
            + "\"Before\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "work\",\"Parameters\":{\"step\":\"before\"},\"ResultPath\":\"$.before\",\"Next\":\"Nested\"},"
            + "\"Nested\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"Parameters\":{\"StateMachineArn\":\"" + childArn + "\"," + name
            + "\"Input\":{\"v.$\":\"$.v\"" + tokenMember + "}},\"ResultPath\":\"$.nested\",\"Next\":\"After\"},"
            + "\"After\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "work\",\"Parameters\":{\"step\":\"after\"},\"ResultPath\":\"$.after\",\"End\":true}}}";
    }
}
