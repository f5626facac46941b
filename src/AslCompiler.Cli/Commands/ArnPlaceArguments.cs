using System.IO;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>--account-id ID</c> and <c>--region REGION</c>: the account and region in the ARNs a command makes (default
/// 123456789012 and us-east-1, as Step Functions Local's). Both go inside ARNs, so a ':' or '/' would change their shape.
/// </summary>
internal static class ArnPlaceArguments
{
    /// <summary>The account option's name.</summary>
    public const string AccountIdName = "--account-id";

    /// <summary>The region option's name.</summary>
    public const string RegionName = "--region";

    /// <summary>The execution role of a run in <paramref name="account"/>, as AWS names a state machine's default role.</summary>
    public static string RoleArn(string account) => "arn:aws:iam::" + account + ":role/StatesExecutionRole";

    /// <summary>
    /// Reads both (null: the default); false, with one line naming the option and what it takes after
    /// <paramref name="prefix"/> (<c>asl</c>, <c>asl test-state</c>), when one is not an account id or region name.
    /// </summary>
    public static bool TryRead(string prefix, string? accountText, string? regionText, TextWriter error, out string account, out string region)
    {
        var defaults = new StepFunctionsOptions();
        account = accountText ?? defaults.AccountId;
        region = regionText ?? defaults.Region;
        if (!StepFunctionsArnFormatter.IsAccountId(account))
        {
            error.WriteLine($"{prefix}: {AccountIdName} must be an AWS account id (12 digits), not '{account}'.");
            return false;
        }

        if (!StepFunctionsArnFormatter.IsRegionName(region))
        {
            error.WriteLine($"{prefix}: {RegionName} must be a region name (lowercase letters, digits and hyphens, as us-east-1), not '{region}'.");
            return false;
        }

        return true;
    }
}
