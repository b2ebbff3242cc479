using Scout.Actors.OpsApi;
using Xunit;

namespace Scout.Tests.Actors.OpsApi;

public sealed class OpsProtocolTests
{
    [Fact]
    public void A_user_request_never_prints_its_password()
    {
        var text = new OpsProtocol.AddUser("Demo", "a@b.c", "hunter2-hunter2").ToString();

        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("a@b.c", text);
    }

    [Fact]
    public void A_created_key_never_prints_the_key_itself()
    {
        var text = new OpsProtocol.KeyCreated("kid", "Demo", "sk_kid_secretpart").ToString();

        Assert.DoesNotContain("secretpart", text);
        Assert.Contains("kid", text);
    }
}
