# gitml's client for the commands the daemon answers (docs/architecture.md, "Commands the daemon
# answers"). The launcher runs it as `perl gitml-client.pl SOCKET ARG...`: it sends the command
# line, this directory and the environment to the daemon's socket, prints what comes back as it
# comes, and exits with the command's code. Exit 222 means the daemon did not take the command
# (none is listening, it does not run this one, it is busy, it did not say it took it within 3 s,
# it is an older gitml) and nothing was printed: the launcher then starts gitml itself.
# Perl's core modules only; no perl, no client.

# whatever goes wrong before anything is printed (a perl without one of these modules, a daemon
# that does not take the command within 3 s), the launcher runs the command itself
BEGIN {
  $main::printed = 0;
  $SIG{__DIE__} = sub { exit 222 unless $main::printed; print STDERR "gitml: $_[0]"; exit 1 };
}
use strict;
use warnings;
use Socket qw(PF_UNIX SOCK_STREAM pack_sockaddr_un);
use Cwd ();

my $RUN_IT_YOURSELF = 222;
$SIG{ALRM} = sub { exit $RUN_IT_YOURSELF };
alarm 3;
my $path = shift @ARGV;
my $cwd = Cwd::getcwd();
defined $path && defined $cwd or exit $RUN_IT_YOURSELF;
socket(my $s, PF_UNIX, SOCK_STREAM, 0) or exit $RUN_IT_YOURSELF;
connect($s, pack_sockaddr_un($path)) or exit $RUN_IT_YOURSELF;
binmode $s;
binmode STDOUT;
binmode STDERR;
$| = 1;
# a daemon that closes early (an older one answers `run` with a line of JSON) fails a write
# rather than killing the client; printing into a closed pipe (`| head`) ends it as usual
$SIG{PIPE} = 'IGNORE';

# the request: "run", then each field ended by a NUL byte (docs/architecture.md)
my @env = map { "$_=$ENV{$_}" } sort keys %ENV;
my $request = "run\n" . join('', map { "$_\0" } $cwd, scalar(@ARGV), @ARGV, @env);
my $sent = 0;
while ($sent < length $request) {
  my $n = syswrite($s, $request, length($request) - $sent, $sent);
  defined $n or exit $RUN_IT_YOURSELF;
  $sent += $n;
}
shutdown($s, 1);
$SIG{PIPE} = 'DEFAULT';

# the answer: frames of a type byte, a 4-byte big-endian length and that many bytes ('a' first:
# the daemon took the command, which may take as long as it needs)
sub take {
  my ($n) = @_;
  my $buf = '';
  while (length($buf) < $n) {
    my $got = sysread($s, $buf, $n - length($buf), length($buf));
    return undef unless $got;
  }
  return $buf;
}
sub ended {
  exit $RUN_IT_YOURSELF unless $main::printed;
  print STDERR "gitml: the daemon stopped before the command ended\n";
  exit 1;
}
while (1) {
  my $head = take(5);
  defined $head or ended();
  my ($type, $length) = unpack('a1 N', $head);
  my $body = $length > 0 ? take($length) : '';
  defined $body or ended();
  if ($type eq 'a') {
    alarm 0;
  } elsif ($type eq 'o') {
    print STDOUT $body;
    $main::printed = 1;
  } elsif ($type eq 'e') {
    print STDERR $body;
    $main::printed = 1;
  } elsif ($type eq 'x' && $length == 4) {
    exit(unpack('N', $body) & 255);
  } else {
    ended(); # 'r' (run it yourself), or not a gitml answer
  }
}
